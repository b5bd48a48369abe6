"""Every write of the benefits app, by concept: cards (apply/review/issue/lifecycle), merchants (alliance, offers),
verification (check a code, record a use)."""

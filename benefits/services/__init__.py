"""Every write of the benefits app, by concept: cards (apply/review/issue/lifecycle), renewals (ask, approve or
reject, renew at once), merchants (alliance, offers), verification (check a code, record a use)."""

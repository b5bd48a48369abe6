"""Pages of the benefits app: holder (apply, card, history), merchant (offers, counter verification),
staff (review, card actions, statistics) and the public offer list."""

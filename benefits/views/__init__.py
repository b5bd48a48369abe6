"""Pages of the benefits app: holder (apply, card, history), merchant (offers, counter verification),
staff (review, card actions, statistics), acting (代办 at the counter) and the public offer list."""

"""Demo data for the entrepreneurship app, called by `manage.py seed_demo` after the shell. Must be idempotent."""


def seed_demo(*, stdout, accounts: dict) -> None:
    """`accounts` maps demo usernames (demo-veteran, demo-employer …) to User objects."""

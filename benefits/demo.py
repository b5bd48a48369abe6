"""Demo data for the benefits app, called by `manage.py seed_demo` after the shell's data. Must be idempotent."""


def seed_demo(*, stdout, accounts: dict) -> None:
    """`accounts` maps demo usernames (demo-veteran, demo-employer …) to User objects."""

# tests/conftest.py star-imports tests.fixtures, which skips the underscore-named `_playwright` fixture that
# `browser` depends on; import it here explicitly (lead: a shared fix in tests/conftest.py would make this redundant).
from tests.fixtures import _playwright  # noqa: F401

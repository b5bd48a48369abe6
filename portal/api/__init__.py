"""REST API v1 of the shell, and the root that includes every app's API."""

"""Admin of the entrepreneurship app."""

"""Data of the entrepreneurship app."""

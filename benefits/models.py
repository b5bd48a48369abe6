"""Data of the benefits app."""

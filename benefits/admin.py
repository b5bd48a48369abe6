"""Admin of the benefits app."""

"""Data of the jobs app."""

"""Admin of the jobs app."""

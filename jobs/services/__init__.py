"""Every write of the jobs app goes through these service functions (pages, API and admin share them)."""

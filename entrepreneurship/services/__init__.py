"""Every write of the entrepreneurship app goes through a function here (one transaction each)."""

"""Every write in the shell goes through a function here: validated, in one transaction, side effects on commit."""

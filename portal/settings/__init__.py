"""Settings split per environment; every module reads the environment through django-environ."""

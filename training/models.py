"""Data of the training app."""

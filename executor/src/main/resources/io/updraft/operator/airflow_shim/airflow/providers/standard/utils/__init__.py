"""The standard provider's utilities."""

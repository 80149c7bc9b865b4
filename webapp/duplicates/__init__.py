"""Duplicates: the comparison keys every contact and organization carries (keys, stamping)."""

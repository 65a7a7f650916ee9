"""Bounded reading of untrusted bytes: every limit is checked while reading, before the costly parse."""

"""Bulletin: a static-site generator for a public library's community events hub."""

__version__ = "0.1.0"

"""Heron: an open-source, API-first CRM."""

__version__ = "0.1.0"

"""Stored files (uploads to import, exports to download): heron/files/store.py."""

"""Suites generated from the application's route table (see docs/testing.md)."""

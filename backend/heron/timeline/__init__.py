"""The record timeline: its activities and its events, newest first."""

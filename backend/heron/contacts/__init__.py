"""Contacts: people, with their e-mail addresses, phone numbers and company."""

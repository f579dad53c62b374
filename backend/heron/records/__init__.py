"""What companies, contacts, leads and deals share: visibility, listing, soft delete, bulk."""

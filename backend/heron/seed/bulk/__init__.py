"""Generated data at scale (`heron seed --size`): a deterministic organization of 1,000 to
1,000,000 contacts with companies, leads, deals, activities, tags, custom-field values and
events, loaded through each database's fastest path (PostgreSQL COPY)."""

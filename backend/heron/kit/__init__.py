"""Shared mechanisms every domain uses: ids, errors, envelope, pagination, filtering, versions."""

from tests.helpers.ops import empty_db_url

__all__ = ["empty_db_url"]

"""Alembic environment: runs migrations through Heron's async engine on SQLite or PostgreSQL."""

from __future__ import annotations

import asyncio
from logging.config import fileConfig
from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

from heron.config import get_settings
from heron.db import create_engine
from heron.models import Base
from heron.models.base import UTCDateTime

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or get_settings().database


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Render Heron's column types as plain SQLAlchemy ones: migrations must not import models."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


# Made by hand in migrations 0004 (search and custom-field indexes, SQLite FTS5 tables) and
# 0014 (PostgreSQL's table of search words): the models do not describe them, so autogenerate
# must not offer to drop them.
_HAND_MADE_SUFFIXES = (
    "_search_trgm",
    "_custom",
    "_fts",
    "_fts_data",
    "_fts_idx",
    "_fts_docsize",
    "_fts_config",
    "_fts_content",
    "search_words",
)


def _include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    hand_made = bool(name and name.endswith(_HAND_MADE_SUFFIXES))
    return not (reflected and compare_to is None and hand_made)


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
        include_object=_include_object,
    )


def _run(connection: Connection) -> None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:  # tests hand over their own connection
        await connection.run_sync(_run)
        return
    engine = create_engine(_url(), pool=False)
    async with engine.connect() as conn:
        await conn.run_sync(_run)
        await conn.commit()
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_async())

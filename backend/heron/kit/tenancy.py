"""The second line of tenant isolation: PostgreSQL row-level security (migration 0002).

Repositories filter on ``org_id`` (the first line). Underneath, every tenant table shows only the
rows of the organization the transaction names, so a query that forgot its filter finds nothing
of another organization. The settings are transaction-local (``set_config(..., true)``): they
end with the transaction. SQLite has no row-level security; every function here is a no-op there.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager, suppress
from functools import cache

from sqlalchemy import TextClause, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

ORG = "heron.org_id"
USER = "heron.user_id"
BYPASS = "heron.bypass_rls"
SETTINGS = (BYPASS, ORG, USER)

Settings = tuple[str, str, str]
CLEAR: Settings = ("off", "", "")

_SET = text(
    "SELECT set_config('heron.bypass_rls', :b, true), set_config('heron.org_id', :o, true),"
    " set_config('heron.user_id', :u, true)"
)
_GET = text(
    "SELECT current_setting('heron.bypass_rls', true), current_setting('heron.org_id', true),"
    " current_setting('heron.user_id', true)"
)


def enforced(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


async def enter(
    session: AsyncSession,
    org_id: uuid.UUID | None,
    user_id: uuid.UUID | None,
    extra: Mapping[str, str] | None = None,
) -> None:
    """Name the organization (its rows) and the person (their own memberships) for the rest
    of this transaction; ``extra`` settings (name -> value) go in the same statement."""
    if not enforced(session):
        return
    params = {"o": str(org_id) if org_id else "", "u": str(user_id) if user_id else ""}
    for i, (name, value) in enumerate((extra or {}).items()):
        params |= {f"n{i}": name, f"v{i}": value}
    await session.execute(_enter(len(extra or ())), params)


@cache
def _enter(extra: int) -> TextClause:
    calls = ["set_config('heron.org_id', :o, true)", "set_config('heron.user_id', :u, true)"]
    calls += [f"set_config(:n{i}, :v{i}, true)" for i in range(extra)]
    return text("SELECT " + ", ".join(calls))


@asynccontextmanager
async def bypass(session: AsyncSession) -> AsyncIterator[None]:
    """See every organization's rows for a lookup that must cross organizations by nature (an API
    key by its hash, an invitation by its token) or for the system itself (seed, CLI)."""
    if not enforced(session):
        yield
        return
    await _set_bypass(session, "on")
    try:
        yield
    finally:
        # A failed transaction refuses every statement; its rollback ends the setting anyway.
        with suppress(SQLAlchemyError):
            await _set_bypass(session, "off")


async def _set_bypass(session: AsyncSession, value: str) -> None:
    await session.execute(text("SELECT set_config('heron.bypass_rls', :b, true)"), {"b": value})


async def current(session: AsyncSession) -> Settings:
    row = (await session.execute(_GET)).one()
    return (row[0] or "off", row[1] or "", row[2] or "")


async def apply(target: AsyncSession | AsyncConnection, values: Settings) -> None:
    await target.execute(_SET, {"b": values[0], "o": values[1], "u": values[2]})

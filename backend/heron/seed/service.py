"""What the `seed` and `create-user` commands do: each in one transaction of its own, on a
database whose schema is current."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.db import Database
from heron.kit import tenancy
from heron.ops.migrations import assert_schema_current
from heron.seed.accounts import AccountError, CreatedAccount, NewAccount, any_user_exists
from heron.seed.accounts import create_account as _create_account
from heron.seed.demo import DemoFound, DemoLogin, demo_password, seed_demo


@asynccontextmanager
async def _transaction(settings: Settings) -> AsyncIterator[AsyncSession]:
    db = Database.from_settings(settings)
    try:
        await assert_schema_current(db)
        # The system itself, across organizations: row-level security does not apply.
        async with db.transaction() as tx, tenancy.bypass(tx.session):
            yield tx.session
    finally:
        await db.dispose()


async def seed(settings: Settings, *, if_empty: bool) -> DemoLogin | DemoFound | None:
    """Add the demo data; None when ``if_empty`` and someone has an account already, and
    DemoFound when the demo organization exists (nothing is made twice). Refused when a demo
    address is taken by someone else."""
    if settings.is_production:
        raise AccountError("Demo accounts with a shared password are not made in production.")
    async with _transaction(settings) as session:
        if if_empty and await any_user_exists(session):
            return None
        return await seed_demo(session, demo_password(settings.demo_password))


async def create_account(settings: Settings, new: NewAccount) -> CreatedAccount:
    async with _transaction(settings) as session:
        return await _create_account(session, new)

"""`heron seed --size`: the generated organization, all or nothing in one transaction."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from heron.config import Settings
from heron.db import Database
from heron.kit import tenancy
from heron.ops.migrations import assert_schema_current
from heron.seed.accounts import AccountError
from heron.seed.bulk.load import Loaded, Loader, analyze
from heron.seed.bulk.rows import Generator
from heron.seed.bulk.sizes import SIZES
from heron.seed.bulk.workspace import email_of, make_workspace, org_name

# Above this many contacts, PostgreSQL's secondary indexes are built after the load.
BIG = 100_000


@dataclass(frozen=True)
class Generated:
    org_id: str
    org_name: str
    email: str
    password: str
    loaded: Loaded
    seconds: float


def start_of_day(moment: datetime | None = None) -> datetime:
    """The default anchor: midnight UTC today, so a data set made twice in a day is the same."""
    now = moment or datetime.now(UTC)
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


async def generate(
    settings: Settings,
    size_name: str,
    *,
    seed: int,
    password: str,
    anchor: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> Generated:
    """Make the organization "Bench <size>" and load its records; refused in production and
    when it exists in this database."""
    if settings.is_production:
        raise AccountError("Generated accounts with a shared password are not made in production.")
    size = SIZES[size_name]
    say = progress or (lambda _: None)
    started = time.perf_counter()
    db = Database.from_settings(settings)
    try:
        await assert_schema_current(db)
        async with db.transaction() as tx, tenancy.bypass(tx.session):
            workspace = await make_workspace(tx.session, size, password)
            loader = Loader.for_session(tx.session)
            await loader.prepare(big=size.contacts >= BIG)
            rows = Generator(workspace, seed, anchor or start_of_day())
            for name, batches in (
                ("companies", rows.companies_batches()),
                ("contacts", rows.contacts_batches()),
                ("leads", rows.leads_batches()),
                ("deals", rows.deals_batches()),
            ):
                for batch in batches:
                    await loader.load(batch)
                say(f"{name}: {loader.loaded.rows.get(name, 0):,} rows "
                    f"({time.perf_counter() - started:.0f} s)")  # fmt: skip
            await loader.finish()
            say(f"indexes built ({time.perf_counter() - started:.0f} s)")
        await analyze(db.engine)
        say(f"analyzed ({time.perf_counter() - started:.0f} s)")
    finally:
        await db.dispose()
    return Generated(
        org_id=str(workspace.org_id),
        org_name=org_name(size),
        email=email_of("owner", size),
        password=password,
        loaded=loader.loaded,
        seconds=time.perf_counter() - started,
    )

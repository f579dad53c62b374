"""Running an import's rows straight through the runner (no HTTP, no job)."""

from __future__ import annotations

import io
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heron.db import Database
from heron.imports.limits import Limits
from heron.imports.mapping import auto_map
from heron.imports.plan import DEFAULT_MATCH, Plan
from heron.imports.reader import open_table
from heron.imports.runner import RunResult, run_rows
from heron.kit import tenancy
from heron.kit.subject import ActorType, Subject
from heron.models import DataImport
from tests.helpers.factories import Member

# The id of the last import run per organization, for tests that undo it.
LAST_IMPORT: dict[Any, Any] = {}


def subject_of(member: Member) -> Subject:
    return Subject(
        actor_type=ActorType.user, org_id=member.org.id, role=member.role,
        user_id=member.user.id, team_user_ids=frozenset({member.user.id}),
    )  # fmt: skip


async def new_import(session: AsyncSession, member: Member, kind: str = "contact") -> DataImport:
    row = DataImport(org_id=member.org.id, created_by_id=member.user.id, kind=kind,
                     filename="t.csv", file_key="test/t.csv")  # fmt: skip
    session.add(row)
    await session.flush()
    return row


async def run_import(
    db: Database,
    session: AsyncSession,
    member: Member,
    data: str | bytes,
    kind: str = "contact",
    *,
    mapping: list[str] | None = None,
    errors: io.StringIO | None = None,
    **options: Any,
) -> RunResult:
    """Import ``data`` as ``member`` in a transaction of its own (kept unless it raises)."""
    raw = data.encode() if isinstance(data, str) else data
    headers = open_table(io.BytesIO(raw), Limits()).headers
    options.setdefault("match_on", DEFAULT_MATCH[kind])
    plan = Plan(kind=kind, mapping=mapping or auto_map(kind, headers, []), **options)
    record = await new_import(session, member, kind)
    LAST_IMPORT[member.org.id] = record.id
    async with db.transaction() as tx:
        await tenancy.enter(tx.session, member.org.id, member.user.id)
        return await run_rows(
            tx.session, subject_of(member), record.id, plan, io.BytesIO(raw), Limits(),
            errors_out=errors,
        )  # fmt: skip

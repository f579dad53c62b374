"""Test data of activities and of the records they link to (put in with the ORM directly)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heron.models import Activity, ActivityLink, Company, Contact, Lead, Organization

ACTIVITIES = "/api/v1/activities"
TASKS = "/api/v1/tasks"


def activity_url(activity_id: uuid.UUID | str, action: str = "") -> str:
    return f"{ACTIVITIES}/{activity_id}" + (f"/{action}" if action else "")


def link(record: Any, kind: str | None = None) -> dict[str, str]:
    """The ``links`` item of a record row."""
    kinds = {Company: "company", Contact: "contact", Lead: "lead"}
    return {"record_kind": kind or kinds[type(record)], "record_id": str(record.id)}


async def create_company(
    session: AsyncSession, org: Organization, owner_id: uuid.UUID | None = None, **values: Any
) -> Company:
    values.setdefault("name", f"Company {uuid.uuid4().hex[:6]}")
    row = Company(org_id=org.id, owner_id=owner_id, **values)
    session.add(row)
    await session.flush()
    return row


async def create_contact(
    session: AsyncSession, org: Organization, owner_id: uuid.UUID | None = None, **values: Any
) -> Contact:
    values.setdefault("first_name", "Ada")
    values.setdefault("last_name", f"Contact {uuid.uuid4().hex[:6]}")
    row = Contact(org_id=org.id, owner_id=owner_id, **values)
    session.add(row)
    await session.flush()
    return row


async def create_lead(
    session: AsyncSession, org: Organization, owner_id: uuid.UUID | None = None, **values: Any
) -> Lead:
    values.setdefault("name", f"Lead {uuid.uuid4().hex[:6]}")
    row = Lead(org_id=org.id, owner_id=owner_id, **values)
    session.add(row)
    await session.flush()
    return row


async def create_activity(
    session: AsyncSession,
    org: Organization,
    owner_id: uuid.UUID | None,
    *,
    links: Sequence[Any] = (),
    **values: Any,
) -> Activity:
    """An activity (a task unless ``kind`` says otherwise), linked to ``links`` (rows)."""
    values.setdefault("kind", "task")
    values.setdefault("subject", f"Activity {uuid.uuid4().hex[:6]}")
    if values["kind"] == "task":
        values.setdefault("assignee_id", owner_id)
    row = Activity(org_id=org.id, owner_id=owner_id, created_by_id=owner_id, **values)
    session.add(row)
    await session.flush()
    for record in links:
        ref = link(record)
        session.add(
            ActivityLink(
                org_id=org.id,
                activity_id=row.id,
                record_kind=ref["record_kind"],
                record_id=record.id,
            )
        )
    await session.flush()
    return row

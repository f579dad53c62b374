"""Test data of the sales records (companies, contacts, leads, deals), inserted directly with
the ORM models: what the API would store, without going through it.

Every helper takes the organization and an optional ``owner`` (a Member, a User or a user id),
and ``**overrides`` for any column. Contacts take ``emails``/``phones`` as plain lists of
strings (the first is primary) and keep the primary copies in sync, as the service does.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heron.kit.ids import uuid7
from heron.models import (
    Company,
    Contact,
    ContactEmail,
    ContactPhone,
    Deal,
    Lead,
    Organization,
    Pipeline,
    Stage,
    Tag,
    Tagging,
    User,
)
from tests.helpers.factories import Member

Owner = Member | User | uuid.UUID | None


def owner_id(owner: Owner) -> uuid.UUID | None:
    if isinstance(owner, Member):
        return owner.user.id
    if isinstance(owner, User):
        return owner.id
    return owner


def _n() -> str:
    return uuid7().hex[-8:]


async def _add(session: AsyncSession, row: Any) -> Any:
    session.add(row)
    await session.flush()
    return row


async def create_company(
    session: AsyncSession, org: Organization, *, owner: Owner = None, **overrides: Any
) -> Company:
    values: dict[str, Any] = {"name": f"Company {_n()}"}
    values.update(overrides)
    by = owner_id(owner)
    return await _add(session, Company(org_id=org.id, owner_id=by, created_by_id=by, **values))


async def create_contact(
    session: AsyncSession,
    org: Organization,
    *,
    owner: Owner = None,
    emails: list[str] | None = None,
    phones: list[str] | None = None,
    **overrides: Any,
) -> Contact:
    """A contact; without ``emails`` it gets one unique address. ``emails=[]`` gives none.
    Addresses must already be normalised (lower-case; numbers in E.164)."""
    n = _n()
    if emails is None:
        emails = [f"contact-{n}@example.com"]
    values: dict[str, Any] = {"first_name": "Contact", "last_name": f"Person {n}"}
    values.update(overrides)
    by = owner_id(owner)
    contact = Contact(
        org_id=org.id,
        owner_id=by,
        created_by_id=by,
        email=emails[0] if emails else None,
        phone=phones[0] if phones else None,
        emails=[
            ContactEmail(org_id=org.id, email=e, is_primary=i == 0, position=i)
            for i, e in enumerate(emails)
        ],
        phones=[
            ContactPhone(org_id=org.id, number=p, is_primary=i == 0, position=i)
            for i, p in enumerate(phones or [])
        ],
        **values,
    )
    return await _add(session, contact)


async def create_lead(
    session: AsyncSession, org: Organization, *, owner: Owner = None, **overrides: Any
) -> Lead:
    n = _n()
    values: dict[str, Any] = {"name": f"Lead {n}", "email": f"lead-{n}@example.com"}
    values.update(overrides)
    by = owner_id(owner)
    return await _add(session, Lead(org_id=org.id, owner_id=by, created_by_id=by, **values))


async def create_pipeline(
    session: AsyncSession, org: Organization, *, stages: int = 3, **overrides: Any
) -> tuple[Pipeline, list[Stage]]:
    """A pipeline with ``stages`` open stages (positions 0.., probability rising)."""
    values: dict[str, Any] = {"name": f"Pipeline {_n()}"}
    values.update(overrides)
    pipeline = await _add(session, Pipeline(org_id=org.id, **values))
    made = [
        Stage(
            org_id=org.id,
            pipeline_id=pipeline.id,
            name=f"Stage {i + 1}",
            position=i,
            probability=min(100, 10 * (i + 1)),
        )
        for i in range(stages)
    ]
    session.add_all(made)
    await session.flush()
    return pipeline, made


async def create_deal(
    session: AsyncSession,
    org: Organization,
    *,
    owner: Owner = None,
    stage: Stage | None = None,
    **overrides: Any,
) -> Deal:
    """A deal in ``stage`` (by default the first stage of a new pipeline)."""
    if stage is None:
        _, stages = await create_pipeline(session, org, stages=1)
        stage = stages[0]
    values: dict[str, Any] = {"name": f"Deal {_n()}"}
    values.update(overrides)
    by = owner_id(owner)
    deal = Deal(
        org_id=org.id, owner_id=by, created_by_id=by, pipeline_id=stage.pipeline_id,
        stage_id=stage.id, **values,
    )  # fmt: skip
    return await _add(session, deal)


async def create_tag(session: AsyncSession, org: Organization, **overrides: Any) -> Tag:
    values: dict[str, Any] = {"name": f"Tag {_n()}"}
    values.update(overrides)
    return await _add(session, Tag(org_id=org.id, **values))


async def tag_record(session: AsyncSession, tag: Tag, kind: str, record: Any) -> None:
    """Put ``tag`` on ``record`` (of ``kind``: "company", "contact", "lead", "deal")."""
    tagging = Tagging(org_id=tag.org_id, tag_id=tag.id, record_kind=kind, record_id=record.id)
    await _add(session, tagging)

"""Merging duplicates in tests: the call, the relations a merge moves, and what is stored."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import ActivityLink, Deal, DealContact, Organization, Tagging
from tests.generated.harness import changes, snapshot
from tests.helpers.factories import Member, create_member, create_org
from tests.helpers.orgs import if_match


def merge_url(plural: str, survivor_id: uuid.UUID | str) -> str:
    return f"/api/v1/{plural}/{survivor_id}/merge"


async def merge(
    client: httpx.AsyncClient,
    member: Member,
    plural: str,
    survivor: Any,
    other: Any,
    *,
    version: int | None = None,
    **body: Any,
) -> httpx.Response:
    """POST the merge of ``other`` into ``survivor`` (If-Match: ``version``, by default the
    survivor's as this session last saw it)."""
    headers = member.headers | if_match(survivor.version if version is None else version)
    payload = {"other_id": str(other.id), **body}
    return await client.post(merge_url(plural, survivor.id), json=payload, headers=headers)


async def owned_pair(
    session: AsyncSession,
    settings: Settings,
    create: Callable[..., Awaitable[Any]],
    **other_values: Any,
) -> tuple[Organization, Member, Any, Any]:
    """An organization, its Owner, and two records made by ``create`` (a helper of
    tests.helpers.records) owned by them: the survivor, and the other with ``other_values``."""
    org = await create_org(session)
    owner = await create_member(session, settings, org)
    survivor = await create(session, org, owner=owner)
    other = await create(session, org, owner=owner, **other_values)
    return org, owner, survivor, other


@asynccontextmanager
async def nothing_written(session: AsyncSession) -> AsyncIterator[None]:
    """Asserts that the requests made inside the block changed no row of any table."""
    before = await snapshot(session)
    yield
    assert changes(before, await snapshot(session)) == ""


async def link_deal(
    session: AsyncSession, deal: Deal, contact_id: uuid.UUID, *, primary: bool = False
) -> None:
    session.add(
        DealContact(org_id=deal.org_id, deal_id=deal.id, contact_id=contact_id, is_primary=primary)
    )
    await session.flush()


async def deal_links(session: AsyncSession, deal: Deal) -> list[tuple[uuid.UUID, bool]]:
    rows = await session.execute(
        select(DealContact.contact_id, DealContact.is_primary).where(DealContact.deal_id == deal.id)
    )
    return sorted((contact_id, primary) for contact_id, primary in rows)


async def linked_records(session: AsyncSession, activity_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await session.scalars(
        select(ActivityLink.record_id).where(ActivityLink.activity_id == activity_id)
    )
    return sorted(rows)


async def tag_ids_of(session: AsyncSession, kind: str, record_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await session.scalars(
        select(Tagging.tag_id).where(Tagging.record_kind == kind, Tagging.record_id == record_id)
    )
    return sorted(rows)

"""Test data of deals: an organization with a default pipeline, companies and contacts to link,
and deals made through the API (so every rule of a create applies)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Company, Contact, Deal, DealStageChange, Organization
from heron.models.pipeline import Pipeline, Stage
from tests.helpers.factories import Member, create_member, create_org
from tests.helpers.pipelines import create_pipeline

DEALS = "/api/v1/deals"
BOARD = f"{DEALS}/board"
# (name, probability, kind) of the stages of the default pipeline made by ``sales_org``.
STAGES = (
    ("Prospect", 10, "open"),
    ("Proposal", 50, "open"),
    ("Won", 100, "won"),
    ("Lost", 0, "lost"),
)


def deal_url(deal_id: uuid.UUID | str) -> str:
    return f"{DEALS}/{deal_id}"


def move_url(deal_id: uuid.UUID | str) -> str:
    return f"{DEALS}/{deal_id}/move"


def column_url(stage_id: uuid.UUID | str) -> str:
    return f"{BOARD}/columns/{stage_id}"


@dataclass
class SalesOrg:
    org: Organization
    owner: Member
    pipeline: Pipeline  # the default, in EUR
    stages: list[Stage]  # STAGES, in order

    def stage(self, name: str) -> Stage:
        return next(s for s in self.stages if s.name == name)


async def sales_org(session: AsyncSession, settings: Settings) -> SalesOrg:
    """An organization with an Owner and a default EUR pipeline of ``STAGES``."""
    org = await create_org(session)
    owner = await create_member(session, settings, org, "owner")
    pipeline, stages = await add_pipeline(session, org, is_default=True)
    return SalesOrg(org=org, owner=owner, pipeline=pipeline, stages=stages)


async def add_pipeline(
    session: AsyncSession, org: Organization, **overrides: Any
) -> tuple[Pipeline, list[Stage]]:
    """A pipeline of ``org`` with ``STAGES`` (their probabilities and kinds)."""
    pipeline, stages = await create_pipeline(
        session, org, stages=tuple(name for name, _, _ in STAGES), **overrides
    )
    for stage, (_, probability, kind) in zip(stages, STAGES, strict=True):
        stage.probability, stage.kind = probability, kind
    await session.flush()
    return pipeline, stages


async def create_company(
    session: AsyncSession, org: Organization, name: str = "Acme", **overrides: Any
) -> Company:
    company = Company(org_id=org.id, name=name, **overrides)
    session.add(company)
    await session.flush()
    return company


async def create_contact(
    session: AsyncSession, org: Organization, first: str = "Ada", last: str = "Lovelace",
    **overrides: Any,
) -> Contact:  # fmt: skip
    contact = Contact(org_id=org.id, first_name=first, last_name=last, **overrides)
    session.add(contact)
    await session.flush()
    return contact


async def post_deal(client: httpx.AsyncClient, member: Member, **body: Any) -> dict[str, Any]:
    """Create a deal through the API and return its read model."""
    body.setdefault("name", f"Deal {uuid.uuid4().hex[:6]}")
    response = await client.post(DEALS, json=body, headers=member.headers)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


async def stored_deal(session: AsyncSession, deal_id: uuid.UUID | str) -> Deal:
    """The deal as stored now."""
    deal = await session.scalar(
        select(Deal)
        .where(Deal.id == uuid.UUID(str(deal_id)))
        .execution_options(populate_existing=True)
    )
    assert deal is not None
    return deal


async def stage_changes(session: AsyncSession, deal_id: uuid.UUID | str) -> list[DealStageChange]:
    rows = await session.scalars(
        select(DealStageChange)
        .where(DealStageChange.deal_id == uuid.UUID(str(deal_id)))
        .order_by(DealStageChange.changed_at)
    )
    return list(rows)


async def member_of(
    session: AsyncSession, settings: Settings, world: SalesOrg, role: str
) -> Member:
    return await create_member(session, settings, world.org, role)

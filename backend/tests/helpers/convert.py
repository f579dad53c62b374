"""Test data of lead conversions: an organization with a default pipeline and a Sales person,
the request, and counts of everything a conversion may write (to prove a refusal wrote nothing)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import (
    ActivityLink,
    Company,
    Contact,
    Deal,
    Event,
    Lead,
    Organization,
    Tagging,
)
from tests.helpers.deals import SalesOrg, sales_org
from tests.helpers.factories import Member, create_member
from tests.helpers.orgs import count


def convert_url(lead_id: uuid.UUID | str) -> str:
    return f"/api/v1/leads/{lead_id}/convert"


@dataclass
class World:
    sales: SalesOrg  # the organization, its Owner, default pipeline (EUR) and stages
    seller: Member  # a Sales person

    @property
    def org(self) -> Organization:
        return self.sales.org


async def convert_world(session: AsyncSession, settings: Settings) -> World:
    sales = await sales_org(session, settings)
    seller = await create_member(session, settings, sales.org, "sales")
    return World(sales=sales, seller=seller)


async def convert(
    client: httpx.AsyncClient,
    member: Member,
    lead: Lead,
    body: dict[str, Any] | None = None,
    *,
    version: int | None = None,
    if_match: bool = True,
) -> httpx.Response:
    """POST the conversion with If-Match at the lead's version (or ``version``)."""
    headers = dict(member.headers)
    if if_match:
        headers["If-Match"] = f'"{version if version is not None else lead.version}"'
    return await client.post(convert_url(lead.id), json=body or {}, headers=headers)


async def written(session: AsyncSession, org: Organization) -> dict[str, int]:
    """How many rows of each kind a conversion writes the organization has."""
    models = {
        "companies": Company, "contacts": Contact, "deals": Deal, "activity_links": ActivityLink,
        "taggings": Tagging, "events": Event,
    }  # fmt: skip
    counts = {name: await count(session, m, m.org_id == org.id) for name, m in models.items()}
    counts["converted_leads"] = await count(
        session, Lead, Lead.org_id == org.id, Lead.converted_at.is_not(None)
    )
    return counts

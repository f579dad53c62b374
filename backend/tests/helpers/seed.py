"""Signing in as the demo's members, on a database the demo was seeded in."""

from __future__ import annotations

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.models import Organization
from heron.seed.demo import DEMO_ORG


async def demo_org(session: AsyncSession) -> Organization:
    org = await session.scalar(select(Organization).where(Organization.name == DEMO_ORG))
    assert org is not None, "the demo was not seeded"
    return org


async def demo_headers(
    client: httpx.AsyncClient, session: AsyncSession, email: str, password: str
) -> dict[str, str]:
    """Headers of ``email`` signed in with the demo password, in the demo organization."""
    response = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    token = response.json()["data"]["access_token"]
    org = await demo_org(session)
    return {"Authorization": f"Bearer {token}", "X-Heron-Org": str(org.id)}

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Membership
from tests.helpers.factories import create_member, create_org

pytestmark = pytest.mark.anyio


class TestOrganizationOfAToken:
    async def test_losing_the_tokens_organization_never_falls_back_to_another(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        first = await create_org(session, name="First")
        member = await create_member(session, settings, first, "owner")
        second = await create_org(session, name="Second")
        session.add(Membership(org_id=second.id, user_id=member.user.id, role="owner"))
        await session.execute(
            delete(Membership).where(
                Membership.org_id == first.id, Membership.user_id == member.user.id
            )
        )
        await session.flush()
        token_only = {"Authorization": f"Bearer {member.token}"}  # the token names First

        response = await client.get("/api/v1/org", headers=token_only)

        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
        chosen = await client.get(
            "/api/v1/org", headers={**token_only, "X-Heron-Org": str(second.id)}
        )
        assert chosen.status_code == 200 and chosen.json()["data"]["name"] == "Second"

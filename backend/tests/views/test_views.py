from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Company, SavedView
from tests.helpers.factories import Member, create_member, create_org
from tests.helpers.orgs import count, if_match

pytestmark = pytest.mark.anyio

VIEWS = "/api/v1/views"
MINING = {"op": "and", "conditions": [{"field": "industry", "op": "eq", "value": "Mining"}]}


@pytest.fixture
async def owner(session: AsyncSession, settings: Settings) -> Member:
    return await create_member(session, settings, await create_org(session), "owner")


async def save(client: httpx.AsyncClient, member: Member, **body: Any) -> dict[str, Any]:
    body = {"record_kind": "company", "name": "A view", **body}
    response = await client.post(VIEWS, json=body, headers=member.headers)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


class TestSaveView:
    async def test_a_view_filters_and_sorts_the_list(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        for name, industry in (("Zinc", "Mining"), ("Coal", "Mining"), ("Shop", "Retail")):
            session.add(Company(org_id=owner.org.id, name=name, industry=industry))
        await session.flush()
        view = await save(
            client,
            owner,
            filters={"op": "or", "conditions": [MINING, {"op": "and", "conditions": [
                {"field": "name", "op": "eq", "value": "Nothing"}]}]},
            sort="name",
        )  # fmt: skip

        listed = await client.get(
            "/api/v1/companies", params={"view": view["id"]}, headers=owner.headers
        )
        resorted = await client.get(
            "/api/v1/companies", params={"view": view["id"], "sort": "-name"}, headers=owner.headers
        )

        assert [c["name"] for c in listed.json()["data"]] == ["Coal", "Zinc"]
        assert [c["name"] for c in resorted.json()["data"]] == ["Zinc", "Coal"]

    @pytest.mark.parametrize(
        ("body", "loc"),
        [
            ({"filters": {"op": "and", "conditions": [{"field": "secret", "op": "eq",
                                                       "value": 1}]}}, "filters"),
            ({"filters": {"op": "xor", "conditions": []}}, "filters"),
            ({"filters": {"op": "and", "conditions": [{"field": "employee_count", "op": "gt",
                                                       "value": "many"}]}}, "filters"),
            ({"sort": "nope"}, "sort"),
            ({"group_by": "nope"}, "group_by"),
            ({"record_kind": "planet"}, "record_kind"),
        ],
    )  # fmt: skip
    async def test_bad_views_are_refused(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        owner: Member,
        body: dict[str, Any],
        loc: str,
    ) -> None:
        response = await client.post(
            VIEWS, json={"record_kind": "company", "name": "Bad", **body}, headers=owner.headers
        )

        assert response.status_code == 422, response.text
        assert response.json()["error"]["details"][0]["loc"][:2] == ["body", loc]
        assert await count(session, SavedView) == 0

    async def test_only_managers_and_above_share(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, owner: Member
    ) -> None:
        sales = await create_member(session, settings, owner.org, "sales")

        response = await client.post(
            VIEWS, json={"record_kind": "company", "name": "Mine", "shared": True},
            headers=sales.headers,
        )  # fmt: skip

        assert response.status_code == 403
        assert await count(session, SavedView) == 0


class TestWhoSeesAView:
    async def test_private_views_are_their_owners_and_shared_ones_everyones(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, owner: Member
    ) -> None:
        sales = await create_member(session, settings, owner.org, "sales")
        private = await save(client, owner, name="Private")
        shared = await save(client, owner, name="Shared", shared=True)

        listed = await client.get(VIEWS, headers=sales.headers)
        hidden = await client.get(f"{VIEWS}/{private['id']}", headers=sales.headers)
        applied = await client.get(
            "/api/v1/companies", params={"view": private["id"]}, headers=sales.headers
        )
        edit = await client.patch(
            f"{VIEWS}/{shared['id']}", json={"name": "Mine now"},
            headers={**sales.headers, **if_match(1)},
        )  # fmt: skip

        assert [v["name"] for v in listed.json()["data"]] == ["Shared"]
        assert hidden.status_code == 404
        assert applied.status_code == 404
        assert edit.status_code == 403

    async def test_a_view_of_another_kind_is_refused_on_a_list(
        self, client: httpx.AsyncClient, owner: Member
    ) -> None:
        view = await save(client, owner, record_kind="lead")

        response = await client.get(
            "/api/v1/companies", params={"view": view["id"]}, headers=owner.headers
        )

        assert response.status_code == 422


class TestChangeView:
    async def test_rename_and_delete(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        view = await save(client, owner)

        renamed = await client.patch(
            f"{VIEWS}/{view['id']}", json={"name": "Renamed", "filters": MINING},
            headers={**owner.headers, **if_match(1)},
        )  # fmt: skip
        stale = await client.delete(
            f"{VIEWS}/{view['id']}", headers={**owner.headers, **if_match(1)}
        )
        deleted = await client.delete(
            f"{VIEWS}/{view['id']}", headers={**owner.headers, **if_match(2)}
        )

        assert renamed.status_code == 200, renamed.text
        assert renamed.json()["data"]["filters"] == MINING
        assert stale.status_code == 412
        assert deleted.status_code == 204
        assert await count(session, SavedView) == 0

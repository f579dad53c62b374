from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Tag, Tagging
from tests.helpers.factories import create_member, create_org
from tests.helpers.fields import create_company, create_tag, tag_record
from tests.helpers.orgs import count, events_of, if_match, reload
from tests.helpers.records import create_lead

pytestmark = pytest.mark.anyio

TAGS = "/api/v1/tags"


def tag_url(tag_id: uuid.UUID) -> str:
    return f"{TAGS}/{tag_id}"


class TestCreateTag:
    async def test_sales_makes_a_tag_with_a_lower_cased_colour(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")

        response = await client.post(
            TAGS, json={"name": " Key account ", "color": "#F59E0B"}, headers=sales.headers
        )

        assert response.status_code == 201, response.text
        assert response.headers["etag"] == '"1"'
        data = response.json()["data"]
        assert (data["name"], data["color"], data["usage_count"]) == ("Key account", "#f59e0b", 0)
        [event] = await events_of(session, org, "tag.created")
        assert event.changes == {"name": "Key account", "color": "#f59e0b"}

    async def test_the_colour_defaults_to_slate(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)

        response = await client.post(TAGS, json={"name": "VIP"}, headers=owner.headers)

        assert response.status_code == 201
        assert response.json()["data"]["color"] == "#64748b"

    @pytest.mark.parametrize("color", ["red", "#fff", "#12345g", "f59e0b", "#f59e0b0"])
    async def test_a_colour_not_rrggbb_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, color: str
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)

        response = await client.post(
            TAGS, json={"name": "VIP", "color": color}, headers=owner.headers
        )

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["body", "color"]
        assert await count(session, Tag) == 0

    async def test_a_name_taken_in_another_case_is_409(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await create_tag(session, org, name="VIP")

        response = await client.post(TAGS, json={"name": "vip"}, headers=owner.headers)

        assert response.status_code == 409
        assert "vip" in response.json()["error"]["message"]
        assert await count(session, Tag) == 1

    async def test_the_same_name_in_another_organization_is_fine(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await create_tag(session, await create_org(session), name="VIP")

        response = await client.post(TAGS, json={"name": "VIP"}, headers=owner.headers)

        assert response.status_code == 201

    async def test_a_viewer_cannot_make_tags(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        viewer = await create_member(session, settings, org, "viewer")

        response = await client.post(TAGS, json={"name": "VIP"}, headers=viewer.headers)

        assert response.status_code == 403
        assert await count(session, Tag) == 0


class TestListTags:
    async def test_tags_come_by_name_with_usage_counts_and_only_of_the_callers_organization(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        viewer = await create_member(session, settings, org, "viewer")
        vip = await create_tag(session, org, name="vip")
        churn = await create_tag(session, org, name="Churn risk")
        await create_tag(session, org, name="Beta")
        other = await create_org(session)
        await create_tag(session, other, name="Alpha")
        for _ in range(2):
            await tag_record(session, vip, (await create_company(session, org)).id)
        await tag_record(session, churn, (await create_company(session, org)).id)
        await tag_record(session, churn, uuid.uuid4(), kind="deal")  # no such deal: not counted

        response = await client.get(TAGS, headers=viewer.headers)

        assert response.status_code == 200
        data = response.json()["data"]
        assert [(t["name"], t["usage_count"]) for t in data] == [
            ("Beta", 0),
            ("Churn risk", 1),
            ("vip", 2),
        ]

    async def test_usage_false_lists_the_same_tags_without_counting(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        viewer = await create_member(session, settings, org, "viewer")
        vip = await create_tag(session, org, name="vip")
        await create_tag(session, org, name="Beta")
        await tag_record(session, vip, (await create_company(session, org)).id)

        response = await client.get(
            TAGS, params={"usage": "false", "q": "v"}, headers=viewer.headers
        )

        assert response.status_code == 200, response.text
        assert [(t["name"], t["usage_count"]) for t in response.json()["data"]] == [("vip", None)]

    async def test_counts_only_records_the_caller_may_see(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")
        colleague = await create_member(session, settings, org, "sales")
        hot = await create_tag(session, org, name="Hot")
        await tag_record(session, hot, (await create_lead(session, org, owner=sales.user)).id,
                         kind="lead")  # fmt: skip
        await tag_record(
            session, hot, (await create_lead(session, org, owner=colleague.user)).id, kind="lead"
        )

        listed = await client.get(TAGS, headers=sales.headers)
        one = await client.get(f"{TAGS}/{hot.id}", headers=sales.headers)

        assert [t["usage_count"] for t in listed.json()["data"]] == [1]
        assert one.json()["data"]["usage_count"] == 1

    async def test_q_keeps_the_tags_whose_name_starts_with_it_ignoring_case(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        for name in ("Key account", "key partner", "Monkey", "100%_sure", "100 percent"):
            await create_tag(session, org, name=name)

        keys = await client.get(TAGS, params={"q": "KEY"}, headers=owner.headers)
        literal = await client.get(TAGS, params={"q": "100%_"}, headers=owner.headers)

        assert [t["name"] for t in keys.json()["data"]] == ["Key account", "key partner"]
        assert [t["name"] for t in literal.json()["data"]] == ["100%_sure"]


class TestGetTag:
    async def test_a_tag_of_another_organization_is_404(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        foreign = await create_tag(session, await create_org(session))

        response = await client.get(tag_url(foreign.id), headers=owner.headers)

        assert response.status_code == 404


class TestUpdateTag:
    async def test_a_manager_renames_and_recolours_a_tag(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        manager = await create_member(session, settings, org, "manager")
        tag = await create_tag(session, org, name="VIP", color="#000000")

        response = await client.patch(
            tag_url(tag.id),
            json={"name": "Top accounts", "color": "#ABCDEF"},
            headers=manager.headers | if_match(1),
        )

        assert response.status_code == 200, response.text
        assert response.headers["etag"] == '"2"'
        stored = await reload(session, Tag, Tag.id == tag.id)
        assert (stored.name, stored.color) == ("Top accounts", "#abcdef")
        [event] = await events_of(session, org, "tag.updated")
        assert event.changes["name"] == {"before": "VIP", "after": "Top accounts"}

    async def test_renaming_onto_another_tags_name_is_409(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await create_tag(session, org, name="VIP")
        tag = await create_tag(session, org, name="Partner")

        response = await client.patch(
            tag_url(tag.id), json={"name": "vip"}, headers=owner.headers | if_match(1)
        )

        assert response.status_code == 409
        assert (await reload(session, Tag, Tag.id == tag.id)).name == "Partner"

    async def test_changing_only_the_case_of_its_own_name_is_fine(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        tag = await create_tag(session, org, name="vip")

        response = await client.patch(
            tag_url(tag.id), json={"name": "VIP"}, headers=owner.headers | if_match(1)
        )

        assert response.status_code == 200
        assert response.json()["data"]["name"] == "VIP"

    async def test_without_if_match_is_428_and_stale_is_412(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        tag = await create_tag(session, org, name="VIP")

        missing = await client.patch(tag_url(tag.id), json={"name": "X"}, headers=owner.headers)
        stale = await client.patch(
            tag_url(tag.id), json={"name": "X"}, headers=owner.headers | if_match(7)
        )

        assert missing.status_code == 428
        assert stale.status_code == 412
        assert stale.json()["error"]["details"][0]["current"]["name"] == "VIP"
        assert (await reload(session, Tag, Tag.id == tag.id)).name == "VIP"

    async def test_null_name_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        tag = await create_tag(session, org)

        response = await client.patch(
            tag_url(tag.id), json={"name": None}, headers=owner.headers | if_match(1)
        )

        assert response.status_code == 422

    async def test_sales_cannot_rename_tags(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")
        tag = await create_tag(session, org, name="VIP")

        response = await client.patch(
            tag_url(tag.id), json={"name": "X"}, headers=sales.headers | if_match(1)
        )

        assert response.status_code == 403
        assert (await reload(session, Tag, Tag.id == tag.id)).name == "VIP"


class TestDeleteTag:
    async def test_deleting_a_tag_takes_it_off_every_record(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        tag, kept = await create_tag(session, org), await create_tag(session, org)
        company = await create_company(session, org)
        await tag_record(session, tag, company.id)
        await tag_record(session, tag, uuid.uuid4(), kind="contact")
        await tag_record(session, kept, company.id)

        response = await client.delete(tag_url(tag.id), headers=owner.headers | if_match(1))

        assert response.status_code == 204
        assert await count(session, Tag, Tag.id == tag.id) == 0
        assert await count(session, Tagging, Tagging.tag_id == tag.id) == 0
        assert await count(session, Tagging, Tagging.tag_id == kept.id) == 1
        [event] = await events_of(session, org, "tag.deleted")
        assert event.changes["removed_from_records"] == 2

    async def test_deleting_without_if_match_changes_nothing(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        tag = await create_tag(session, org)
        await tag_record(session, tag, uuid.uuid4())

        response = await client.delete(tag_url(tag.id), headers=owner.headers)

        assert response.status_code == 428
        assert await count(session, Tagging, Tagging.tag_id == tag.id) == 1

    async def test_a_tag_of_another_organization_is_404(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        foreign = await create_tag(session, await create_org(session))

        response = await client.delete(tag_url(foreign.id), headers=owner.headers | if_match(1))

        assert response.status_code == 404
        assert await count(session, Tag, Tag.id == foreign.id) == 1

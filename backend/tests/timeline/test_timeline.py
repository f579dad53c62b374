from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.kit.ids import uuid7
from heron.models import Event, Organization
from tests.helpers.activities import ACTIVITIES, create_activity, create_company
from tests.helpers.api_keys import create_api_key
from tests.helpers.factories import create_member, create_org
from tests.helpers.orgs import if_match

pytestmark = pytest.mark.anyio

COMPANIES = "/api/v1/companies"


def timeline_url(company_id: uuid.UUID | str) -> str:
    return f"{COMPANIES}/{company_id}/timeline"


async def _pages(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], limit: int
) -> list[list[dict[str, Any]]]:
    """Every page of a timeline, following ``next_cursor``."""
    pages: list[list[dict[str, Any]]] = []
    params: dict[str, Any] = {"limit": limit}
    while True:
        response = await client.get(url, params=params, headers=headers)
        assert response.status_code == 200, response.text
        pages.append(response.json()["data"])
        cursor = response.json()["meta"]["next_cursor"]
        if cursor is None:
            return pages
        params["cursor"] = cursor


async def _event(
    session: AsyncSession, org: Organization, entity_id: uuid.UUID, at: datetime, **values: Any
) -> Event:
    values.setdefault("type", "company.updated")
    values.setdefault("entity", "company")
    values.setdefault("actor_type", "system")
    row = Event(id=uuid7(), org_id=org.id, entity_id=entity_id, created_at=at, **values)
    session.add(row)
    await session.flush()
    return row


class TestTimeline:
    async def test_merges_events_and_activities_newest_first_across_two_pages(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner", full_name="Olga Owner")
        created = await client.post(COMPANIES, json={"name": "Acme"}, headers=owner.headers)
        company_id = created.json()["data"]["id"]
        url = f"{COMPANIES}/{company_id}"
        ref = {"record_kind": "company", "record_id": company_id}
        call = await client.post(
            ACTIVITIES, json={"kind": "call", "subject": "Intro call", "links": [ref]},
            headers=owner.headers,
        )  # fmt: skip
        updated = await client.patch(
            url, json={"industry": "Software"}, headers=owner.headers | if_match(1)
        )
        task = await client.post(
            ACTIVITIES, json={"kind": "task", "subject": "Send quote", "links": [ref]},
            headers=owner.headers,
        )  # fmt: skip
        assert all(r.status_code < 300 for r in (created, call, updated, task))

        pages = await _pages(client, timeline_url(company_id), owner.headers, limit=3)

        assert [len(p) for p in pages] == [3, 1]
        items = [item for page in pages for item in page]
        assert [(i["type"], i["event_type"]) for i in items] == [
            ("activity", None),
            ("event", "company.updated"),
            ("activity", None),
            ("event", "company.created"),
        ]
        assert items[0]["activity"]["subject"] == "Send quote"
        assert items[0]["id"] == task.json()["data"]["id"]
        assert items[2]["activity"]["subject"] == "Intro call"
        assert items[1]["changes"] == {"industry": {"before": None, "after": "Software"}}
        person = {"id": str(owner.user.id), "full_name": "Olga Owner", "email": owner.user.email}
        assert all(i["actor"] == person for i in items)
        assert [i["at"] for i in items] == sorted((i["at"] for i in items), reverse=True)

    async def test_equal_times_order_by_id_and_other_records_stay_out(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")
        company, other = await create_company(session, org), await create_company(session, org)
        t = datetime(2026, 1, 1, 12, tzinfo=UTC)
        first = await _event(session, org, company.id, t, type="company.created")
        a = await create_activity(session, org, owner.user.id, links=[company], created_at=t)
        tied_event = await _event(session, org, company.id, t + timedelta(hours=1))
        tied_activity = await create_activity(
            session, org, owner.user.id, links=[company], created_at=t + timedelta(hours=1)
        )
        await create_activity(
            session, org, owner.user.id, links=[company], created_at=t + timedelta(hours=2),
            deleted_at=t + timedelta(hours=3),
        )  # fmt: skip
        await create_activity(session, org, owner.user.id, links=[other], created_at=t)
        await _event(session, org, other.id, t)
        await _event(session, org, company.id, t, entity="contact")  # same id, another kind

        pages = await _pages(client, timeline_url(company.id), owner.headers, limit=2)

        tied = sorted([tied_event.id, tied_activity.id], reverse=True)
        same_time = sorted([first.id, a.id], reverse=True)
        assert [i["id"] for p in pages for i in p] == [str(x) for x in (*tied, *same_time)]
        assert [len(p) for p in pages] == [2, 2]

    async def test_shows_only_the_activities_the_caller_may_see(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        support = await create_member(session, settings, org, "support")
        sales = await create_member(session, settings, org, "sales")
        company = await create_company(session, org, sales.user.id)
        mine = await create_activity(session, org, support.user.id, links=[company])
        await create_activity(session, org, sales.user.id, links=[company])

        [page] = await _pages(client, timeline_url(company.id), support.headers, limit=50)

        assert [i["id"] for i in page if i["type"] == "activity"] == [str(mine.id)]

    async def test_an_api_keys_changes_name_the_member_who_made_that_key(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")
        admin = await create_member(session, settings, org, "admin")
        owners_key = await create_api_key(session, org, owner.user, "owner")
        admins_key = await create_api_key(session, org, admin.user, "admin")
        created = await client.post(
            COMPANIES, json={"name": "Scripted"}, headers=owners_key.headers
        )
        company_id = created.json()["data"]["id"]
        for version, key, industry in ((1, admins_key, "Robots"), (2, owners_key, "Drones")):
            updated = await client.patch(
                f"{COMPANIES}/{company_id}", json={"industry": industry},
                headers=key.headers | if_match(version),
            )  # fmt: skip
            assert updated.status_code == 200, updated.text

        response = await client.get(timeline_url(company_id), headers=owner.headers)

        assert response.status_code == 200, response.text
        items = response.json()["data"]
        assert [(i["event_type"], i["actor_type"], i["actor"]["id"]) for i in items] == [
            ("company.updated", "api_key", str(owner.user.id)),
            ("company.updated", "api_key", str(admin.user.id)),
            ("company.created", "api_key", str(owner.user.id)),
        ]

    async def test_a_record_the_caller_cannot_see_is_404(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")
        foreign = await create_company(session, await create_org(session))
        deleted = await create_company(session, org, deleted_at=datetime.now(UTC))

        for company in (foreign, deleted):
            response = await client.get(timeline_url(company.id), headers=owner.headers)

            assert response.status_code == 404
            assert response.json()["error"]["code"] == "not_found"

    async def test_a_bad_cursor_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")
        company = await create_company(session, org)

        response = await client.get(
            timeline_url(company.id), params={"cursor": "bm90IGEgY3Vyc29y"}, headers=owner.headers
        )

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["query", "cursor"]

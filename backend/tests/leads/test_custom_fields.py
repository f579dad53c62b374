"""Custom fields on leads: values checked against their definitions, and lists filtered by them."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Lead
from tests.helpers.factories import create_member, create_org
from tests.helpers.fields import create_custom_field, options
from tests.helpers.leads import LEADS, create_lead, lead_url, post_lead
from tests.helpers.orgs import count, if_match, reload

pytestmark = pytest.mark.anyio


class TestCustomValues:
    async def test_valid_values_are_stored_in_their_stored_form(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await create_custom_field(session, org, "budget", "number", record_kind="lead")
        await create_custom_field(
            session, org, "tier", "select", record_kind="lead", options=options("gold", "silver")
        )

        response = await post_lead(client, owner.headers, custom={"budget": "5000", "tier": "gold"})

        assert response.status_code == 201, response.text
        assert response.json()["data"]["custom"] == {"budget": 5000, "tier": "gold"}

    @pytest.mark.parametrize(
        ("custom", "bad_key"),
        [
            ({"budget": "a lot", "tier": "gold"}, "budget"),
            ({"budget": 10, "tier": "platinum"}, "tier"),
            ({"nickname": "Ada"}, "nickname"),
        ],
    )
    async def test_a_bad_value_is_422_at_its_key_and_nothing_is_written(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        custom: dict[str, object],
        bad_key: str,
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await create_custom_field(session, org, "budget", "number", record_kind="lead")
        await create_custom_field(
            session, org, "tier", "select", record_kind="lead", options=options("gold", "silver")
        )

        response = await post_lead(client, owner.headers, custom=custom)

        assert response.status_code == 422, response.text
        assert [d["loc"] for d in response.json()["error"]["details"]] == [
            ["body", "custom", bad_key]
        ]
        assert await count(session, Lead, Lead.org_id == org.id) == 0

    async def test_a_field_of_another_kind_is_not_a_lead_field(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await create_custom_field(session, org, "tier", "text", record_kind="company")

        response = await post_lead(client, owner.headers, custom={"tier": "gold"})

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["body", "custom", "tier"]

    async def test_a_bad_value_on_update_changes_nothing(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await create_custom_field(
            session, org, "tier", "select", record_kind="lead", options=options("gold", "silver")
        )
        lead = await create_lead(session, org, owner.user.id, custom={"tier": "gold"})

        response = await client.patch(
            lead_url(lead.id),
            json={"score": 50, "custom": {"tier": "bronze"}},
            headers={**owner.headers, **if_match(lead.version)},
        )

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["body", "custom", "tier"]
        stored = await reload(session, Lead, Lead.id == lead.id)
        assert (stored.custom, stored.score, stored.version) == ({"tier": "gold"}, None, 1)


class TestCustomFilters:
    async def test_the_list_filters_on_a_custom_field(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await create_custom_field(
            session, org, "tier", "select", record_kind="lead", options=options("gold", "silver")
        )
        gold = await create_lead(session, org, owner.user.id, custom={"tier": "gold"})
        await create_lead(session, org, owner.user.id, custom={"tier": "silver"})
        await create_lead(session, org, owner.user.id)

        response = await client.get(
            LEADS, params={"filter[custom.tier][eq]": "gold"}, headers=owner.headers
        )

        assert response.status_code == 200, response.text
        assert [row["id"] for row in response.json()["data"]] == [str(gold.id)]

    async def test_an_unknown_custom_field_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session))

        response = await client.get(
            LEADS, params={"filter[custom.nope][eq]": "x"}, headers=owner.headers
        )

        assert response.status_code == 422


class TestBuiltInFilters:
    async def test_status_score_and_sort_work_together(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        low = await create_lead(session, org, owner.user.id, status="qualified", score=20)
        high = await create_lead(session, org, owner.user.id, status="qualified", score=90)
        await create_lead(session, org, owner.user.id, status="contacted", score=95)
        await create_lead(session, org, owner.user.id, status="qualified", score=5)

        response = await client.get(
            LEADS,
            params={
                "filter[status][eq]": "qualified",
                "filter[score][gte]": "10",
                "sort": "-score",
            },
            headers=owner.headers,
        )

        assert response.status_code == 200, response.text
        assert [row["id"] for row in response.json()["data"]] == [str(high.id), str(low.id)]

    @pytest.mark.parametrize(
        "params",
        [{"filter[status][eq]": "lost"}, {"filter[phone][eq]": "x"}, {"sort": "phone"}],
    )
    async def test_values_and_fields_outside_the_allow_list_are_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings,
        params: dict[str, str],
    ) -> None:  # fmt: skip
        owner = await create_member(session, settings, await create_org(session))

        response = await client.get(LEADS, params=params, headers=owner.headers)

        assert response.status_code == 422

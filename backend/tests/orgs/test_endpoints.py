from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Membership, Organization
from tests.helpers.factories import create_member, create_org
from tests.helpers.orgs import count, events_of, if_match, reload

pytestmark = pytest.mark.anyio

ORG = "/api/v1/org"
ORGS = "/api/v1/orgs"


class TestGetOrganization:
    async def test_returns_the_callers_organization_with_its_version(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(
            session, name="Acme", default_currency="USD", time_zone="Europe/Paris"
        )
        viewer = await create_member(session, settings, org, "viewer")

        response = await client.get(ORG, headers=viewer.headers)

        assert response.status_code == 200, response.text
        assert response.headers["etag"] == '"1"'
        data = response.json()["data"]
        assert data["id"] == str(org.id)
        assert (data["name"], data["default_currency"], data["time_zone"]) == (
            "Acme",
            "USD",
            "Europe/Paris",
        )
        assert data["fiscal_year_start_month"] == 1 and data["locale"] == "en"

    async def test_x_heron_org_chooses_among_the_callers_organizations(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        first = await create_org(session, name="First")
        second = await create_org(session, name="Second")
        member = await create_member(session, settings, first, "sales")
        session.add(Membership(org_id=second.id, user_id=member.user.id, role="viewer"))
        await session.flush()

        response = await client.get(ORG, headers={**member.headers, "X-Heron-Org": str(second.id)})

        assert response.json()["data"]["name"] == "Second"

    async def test_an_organization_the_caller_is_not_in_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        mine = await create_org(session)
        other = await create_org(session, name="Secret")
        member = await create_member(session, settings, mine)

        response = await client.get(ORG, headers={**member.headers, "X-Heron-Org": str(other.id)})

        assert response.status_code == 403
        assert "Secret" not in response.text


class TestUpdateOrganization:
    async def test_admin_changes_settings_and_the_change_is_recorded(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session, name="Acme")
        admin = await create_member(session, settings, org, "admin")
        body = {
            "name": "Acme Inc",
            "default_currency": "GBP",
            "time_zone": "America/New_York",
            "locale": "en-GB",
            "fiscal_year_start_month": 4,
        }

        response = await client.patch(ORG, json=body, headers={**admin.headers, **if_match(1)})

        assert response.status_code == 200, response.text
        assert response.headers["etag"] == '"2"'
        assert {k: response.json()["data"][k] for k in body} == body
        stored = await reload(session, Organization, Organization.id == org.id)
        assert (stored.name, stored.default_currency, stored.fiscal_year_start_month) == (
            "Acme Inc",
            "GBP",
            4,
        )
        [event] = await events_of(session, org, "organization.updated")
        assert event.actor_id == admin.user.id
        assert event.changes["name"] == {"before": "Acme", "after": "Acme Inc"}
        assert event.changes["fiscal_year_start_month"] == {"before": 1, "after": 4}

    async def test_without_if_match_it_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session, name="Acme")
        owner = await create_member(session, settings, org)

        response = await client.patch(ORG, json={"name": "Other"}, headers=owner.headers)

        assert response.status_code == 428
        assert (await reload(session, Organization, Organization.id == org.id)).name == "Acme"

    async def test_a_stale_version_is_refused_with_the_current_record(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session, name="Acme")
        owner = await create_member(session, settings, org)
        await client.patch(ORG, json={"name": "First"}, headers={**owner.headers, **if_match(1)})

        response = await client.patch(
            ORG, json={"name": "Second"}, headers={**owner.headers, **if_match(1)}
        )

        assert response.status_code == 412
        assert response.json()["error"]["details"][0]["current"]["name"] == "First"
        assert (await reload(session, Organization, Organization.id == org.id)).name == "First"

    @pytest.mark.parametrize("role", ["manager", "sales", "support", "viewer"])
    async def test_roles_below_admin_cannot_change_it(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, role: str
    ) -> None:
        org = await create_org(session, name="Acme")
        member = await create_member(session, settings, org, role)

        response = await client.patch(
            ORG, json={"name": "Mine"}, headers={**member.headers, **if_match(1)}
        )

        assert response.status_code == 403
        assert (await reload(session, Organization, Organization.id == org.id)).name == "Acme"

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"default_currency": "eur"}, "default_currency"),
            ({"default_currency": "XYZ"}, "default_currency"),
            ({"default_currency": "EURO"}, "default_currency"),
            ({"time_zone": "Mars/Olympus"}, "time_zone"),
            ({"time_zone": "../../etc/passwd"}, "time_zone"),
            ({"locale": "English!"}, "locale"),
            ({"fiscal_year_start_month": 13}, "fiscal_year_start_month"),
            ({"fiscal_year_start_month": 0}, "fiscal_year_start_month"),
            ({"name": ""}, "name"),
            ({"name": "x" * 201}, "name"),
            ({"name": None}, "name"),
            ({"time_zone": None}, "time_zone"),
            ({"id": str(uuid.uuid4())}, "id"),
            ({"version": 7}, "version"),
        ],
    )
    async def test_invalid_values_are_refused_and_nothing_changes(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        body: dict[str, object],
        field: str,
    ) -> None:
        org = await create_org(session, name="Acme")
        owner = await create_member(session, settings, org)

        response = await client.patch(ORG, json=body, headers={**owner.headers, **if_match(1)})

        assert response.status_code == 422, response.text
        assert ["body", field] in [d["loc"] for d in response.json()["error"]["details"]]
        stored = await reload(session, Organization, Organization.id == org.id)
        assert (stored.name, stored.version, stored.default_currency) == ("Acme", 1, "EUR")

    async def test_an_unchanged_value_records_nothing(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session, name="Acme")
        owner = await create_member(session, settings, org)

        response = await client.patch(
            ORG, json={"name": "Acme"}, headers={**owner.headers, **if_match(1)}
        )

        assert response.status_code == 200
        assert response.headers["etag"] == '"1"'
        assert await events_of(session, org, "organization.updated") == []


class TestCreateOrganization:
    async def test_the_creator_becomes_owner_and_sees_it_in_their_organizations(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        first = await create_org(session, name="First")
        member = await create_member(session, settings, first, "viewer")
        body = {"name": "Side Project", "default_currency": "CHF", "time_zone": "Europe/Zurich"}

        response = await client.post(ORGS, json=body, headers=member.headers)

        assert response.status_code == 201, response.text
        data = response.json()["data"]
        assert (data["name"], data["default_currency"], data["time_zone"]) == (
            "Side Project",
            "CHF",
            "Europe/Zurich",
        )
        new_id = uuid.UUID(data["id"])
        stored = await reload(session, Membership, Membership.org_id == new_id)
        assert (stored.user_id, stored.role) == (member.user.id, "owner")
        mine = (await client.get("/api/v1/me/organizations", headers=member.headers)).json()["data"]
        assert {(o["name"], o["role"]) for o in mine} == {
            ("First", "viewer"),
            ("Side Project", "owner"),
        }
        created = await events_of(
            session,
            await reload(session, Organization, Organization.id == new_id),
            "organization.created",
        )
        assert created[0].changes["default_currency"] == "CHF"

    async def test_the_new_organization_is_usable_with_x_heron_org(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await create_member(session, settings, await create_org(session), "sales")
        new_id = (await client.post(ORGS, json={"name": "Mine"}, headers=member.headers)).json()[
            "data"
        ]["id"]

        response = await client.patch(
            ORG,
            json={"locale": "fr"},
            headers={**member.headers, "X-Heron-Org": new_id, **if_match(1)},
        )

        assert response.status_code == 200, response.text
        assert response.json()["data"]["locale"] == "fr"

    async def test_without_sign_in_it_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        response = await client.post(ORGS, json={"name": "Anonymous"})

        assert response.status_code == 401
        assert await count(session, Organization) == 0

    async def test_invalid_settings_create_nothing(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await create_member(session, settings, await create_org(session))

        response = await client.post(
            ORGS, json={"name": "X", "default_currency": "ABC"}, headers=member.headers
        )

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["body", "default_currency"]
        assert await count(session, Organization) == 1

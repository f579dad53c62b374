from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Company, CustomField
from tests.helpers.factories import Member, create_member, create_org
from tests.helpers.fields import create_company, create_custom_field, options
from tests.helpers.orgs import count, events_of, if_match, reload

pytestmark = pytest.mark.anyio

FIELDS = "/api/v1/custom-fields"


def field_url(field_id: uuid.UUID) -> str:
    return f"{FIELDS}/{field_id}"


def tier(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "record_kind": "company",
        "key": "tier",
        "label": "Tier",
        "type": "select",
        "options": [
            {"value": "gold", "label": "Gold", "color": "#F59E0B"},
            {"value": "silver", "label": "Silver"},
        ],
        "default": "silver",
    }
    body.update(overrides)
    return body


async def admin_of_new_org(session: AsyncSession, settings: Settings) -> Member:
    return await create_member(session, settings, await create_org(session), "admin")


class TestCreateCustomField:
    async def test_an_admin_adds_a_select_field(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        admin = await admin_of_new_org(session, settings)

        response = await client.post(
            FIELDS, json=tier(help_text="Support tier"), headers=admin.headers
        )

        assert response.status_code == 201, response.text
        assert response.headers["etag"] == '"1"'
        data = response.json()["data"]
        shown = ("key", "label", "type", "required", "default", "position")
        assert {k: data[k] for k in shown} == {
            "key": "tier", "label": "Tier", "type": "select", "required": False,
            "default": "silver", "position": 0,
        }  # fmt: skip
        assert data["options"][0] == {"value": "gold", "label": "Gold", "color": "#f59e0b"}
        [event] = await events_of(session, admin.org, "custom_field.created")
        assert event.changes["key"] == "tier"

    @pytest.mark.parametrize("key", ["Tier", "1tier", "tier-level", "", "t" * 41])
    async def test_a_key_not_lower_snake_case_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, key: str
    ) -> None:
        admin = await admin_of_new_org(session, settings)

        response = await client.post(FIELDS, json=tier(key=key), headers=admin.headers)

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["body", "key"]

    async def test_a_key_taken_on_the_same_kind_is_409_but_free_on_another(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        admin = await admin_of_new_org(session, settings)
        await create_custom_field(session, admin.org, "tier", "text")

        taken = await client.post(FIELDS, json=tier(), headers=admin.headers)
        other_kind = await client.post(FIELDS, json=tier(record_kind="deal"), headers=admin.headers)

        assert taken.status_code == 409
        assert other_kind.status_code == 201

    @pytest.mark.parametrize(
        ("changes", "loc"),
        [
            ({"options": []}, ["body", "options"]),
            ({"options": options("a", "a")}, ["body", "options", 1, "value"]),
            ({"type": "text", "default": None}, ["body", "options"]),
            ({"default": "bronze"}, ["body", "default"]),
            (
                {"options": [{"value": "a", "label": "A", "color": "blue"}]},
                ["body", "options", 0, "color"],
            ),
        ],
    )
    async def test_bad_options_and_defaults_are_422(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        changes: dict[str, Any],
        loc: list[Any],
    ) -> None:
        admin = await admin_of_new_org(session, settings)

        response = await client.post(FIELDS, json=tier(**changes), headers=admin.headers)

        assert response.status_code == 422, response.text
        assert response.json()["error"]["details"][0]["loc"] == loc
        assert await count(session, CustomField) == 0

    async def test_a_user_default_must_be_a_member(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        admin = await admin_of_new_org(session, settings)
        stranger = await create_member(session, settings, await create_org(session))
        body = tier(key="csm", type="user", options=[])

        foreign = await client.post(
            FIELDS, json=body | {"default": str(stranger.user.id)}, headers=admin.headers
        )
        member = await client.post(
            FIELDS, json=body | {"default": str(admin.user.id)}, headers=admin.headers
        )

        assert foreign.status_code == 422
        assert member.status_code == 201
        assert member.json()["data"]["default"] == str(admin.user.id)

    async def test_a_manager_cannot_add_fields(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        manager = await create_member(session, settings, await create_org(session), "manager")

        response = await client.post(FIELDS, json=tier(), headers=manager.headers)

        assert response.status_code == 403
        assert await count(session, CustomField) == 0


class TestListCustomFields:
    async def test_fields_by_kind_and_position_of_the_callers_organization_only(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        viewer = await create_member(session, settings, org, "viewer")
        await create_custom_field(session, org, "b", "text", position=2)
        await create_custom_field(session, org, "a", "number", position=1)
        await create_custom_field(session, org, "stage", "text", record_kind="deal")
        await create_custom_field(session, await create_org(session), "alien", "text")

        everything = await client.get(FIELDS, headers=viewer.headers)
        companies = await client.get(
            FIELDS, params={"record_kind": "company"}, headers=viewer.headers
        )
        wrong = await client.get(FIELDS, params={"record_kind": "planet"}, headers=viewer.headers)

        assert [f["key"] for f in everything.json()["data"]] == ["a", "b", "stage"]
        assert [f["key"] for f in companies.json()["data"]] == ["a", "b"]
        assert wrong.status_code == 422


class TestGetCustomField:
    async def test_a_field_of_another_organization_is_404(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        admin = await admin_of_new_org(session, settings)
        alien = await create_custom_field(session, await create_org(session), "alien", "text")

        response = await client.get(field_url(alien.id), headers=admin.headers)

        assert response.status_code == 404


class TestUpdateCustomField:
    async def test_rename_require_and_reorder(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        admin = await admin_of_new_org(session, settings)
        row = await create_custom_field(session, admin.org, "region", "text")

        response = await client.patch(
            field_url(row.id),
            json={
                "label": "Sales region",
                "required": True,
                "position": 3,
                "key": "region",
                "type": "text",
            },
            headers=admin.headers | if_match(1),
        )

        assert response.status_code == 200, response.text
        assert response.headers["etag"] == '"2"'
        stored = await reload(session, CustomField, CustomField.id == row.id)
        assert (stored.label, stored.required, stored.position) == ("Sales region", True, 3)
        [event] = await events_of(session, admin.org, "custom_field.updated")
        assert set(event.changes) == {"label", "required", "position"}

    async def test_the_type_cannot_change(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        admin = await admin_of_new_org(session, settings)
        row = await create_custom_field(session, admin.org, "region", "text")

        response = await client.patch(
            field_url(row.id), json={"type": "number"}, headers=admin.headers | if_match(1)
        )

        assert response.status_code == 422
        [detail] = response.json()["error"]["details"]
        assert detail["loc"] == ["body", "type"]
        assert "Make a new field" in detail["msg"]
        assert (await reload(session, CustomField, CustomField.id == row.id)).type == "text"

    async def test_the_key_cannot_change(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        admin = await admin_of_new_org(session, settings)
        row = await create_custom_field(session, admin.org, "region", "text")

        response = await client.patch(
            field_url(row.id), json={"key": "area"}, headers=admin.headers | if_match(1)
        )

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["body", "key"]

    async def test_removing_an_option_records_hold_is_409_with_the_count(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        admin = await admin_of_new_org(session, settings)
        row = await create_custom_field(
            session, admin.org, "tier", "select", options=options("gold", "silver", "bronze")
        )
        for value in ("gold", "gold", "silver"):
            await create_company(session, admin.org, custom={"tier": value})
        # Not counted: another organization, and another kind with the same key.
        await create_company(session, await create_org(session), custom={"tier": "bronze"})

        in_use = await client.patch(
            field_url(row.id),
            json={"options": options("silver")},
            headers=admin.headers | if_match(1),
        )
        unused = await client.patch(
            field_url(row.id),
            json={"options": options("gold", "silver")},
            headers=admin.headers | if_match(1),
        )

        assert in_use.status_code == 409
        assert "“gold” by 2 companies" in in_use.json()["error"]["message"]
        assert unused.status_code == 200, unused.text
        assert [o["value"] for o in unused.json()["data"]["options"]] == ["gold", "silver"]

    async def test_removing_a_multi_select_option_in_use_is_409(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        admin = await admin_of_new_org(session, settings)
        row = await create_custom_field(
            session, admin.org, "regions", "multi_select", options=options("eu", "us")
        )
        await create_company(session, admin.org, custom={"regions": ["us", "eu"]})

        response = await client.patch(
            field_url(row.id), json={"options": options("us")}, headers=admin.headers | if_match(1)
        )

        assert response.status_code == 409
        assert "“eu” by 1 company" in response.json()["error"]["message"]

    async def test_a_default_that_no_longer_fits_the_options_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        admin = await admin_of_new_org(session, settings)
        row = await create_custom_field(
            session,
            admin.org,
            "tier",
            "select",
            options=options("gold", "silver"),
            default="silver",
        )

        response = await client.patch(
            field_url(row.id),
            json={"options": options("gold")},
            headers=admin.headers | if_match(1),
        )

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["body", "default"]
        stored = await reload(session, CustomField, CustomField.id == row.id)
        assert len(stored.options) == 2

    async def test_without_if_match_is_428(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        admin = await admin_of_new_org(session, settings)
        row = await create_custom_field(session, admin.org, "region", "text")

        response = await client.patch(field_url(row.id), json={"label": "X"}, headers=admin.headers)

        assert response.status_code == 428


class TestDeleteCustomField:
    async def test_deleting_strips_the_key_from_every_record_of_the_kind_and_nothing_else(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        admin = await admin_of_new_org(session, settings)
        row = await create_custom_field(session, admin.org, "tier", "text")
        holder = await create_company(
            session, admin.org, custom={"tier": "gold", "seats": 3, "x": [1]}
        )
        other_keys = await create_company(session, admin.org, custom={"seats": 9})
        foreign = await create_company(session, await create_org(session), custom={"tier": "gold"})

        response = await client.delete(field_url(row.id), headers=admin.headers | if_match(1))

        assert response.status_code == 204, response.text
        assert await count(session, CustomField) == 0
        customs = {
            c.id: c.custom
            for c in await session.scalars(
                select(Company).execution_options(populate_existing=True)
            )
        }
        assert customs[holder.id] == {"seats": 3, "x": [1]}
        assert customs[other_keys.id] == {"seats": 9}
        assert customs[foreign.id] == {"tier": "gold"}
        [event] = await events_of(session, admin.org, "custom_field.deleted")
        assert event.changes["values_removed"] == 1

    async def test_deleting_without_if_match_changes_nothing(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        admin = await admin_of_new_org(session, settings)
        row = await create_custom_field(session, admin.org, "tier", "text")
        company = await create_company(session, admin.org, custom={"tier": "gold"})

        response = await client.delete(field_url(row.id), headers=admin.headers)

        assert response.status_code == 428
        stored = await reload(session, Company, Company.id == company.id)
        assert stored.custom == {"tier": "gold"}


class TestListsFollowTheFields:
    """A list's ``custom.<key>`` filters and sorts are kept per state of the organization's
    fields (heron/records/repository.py): every change shows on the next list request."""

    async def test_a_new_option_a_new_field_and_a_deleted_one_show_at_once(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        admin = await admin_of_new_org(session, settings)
        created = await client.post(FIELDS, json=tier(), headers=admin.headers)
        assert created.status_code == 201, created.text
        field_id = created.json()["data"]["id"]
        await create_company(session, admin.org, name="Acme", custom={"tier": "gold"})
        companies = "/api/v1/companies"

        async def listed(**params: str) -> httpx.Response:
            return await client.get(companies, params=params, headers=admin.headers)

        gold = await listed(**{"filter[custom.tier][eq]": "gold"})
        assert [c["name"] for c in gold.json()["data"]] == ["Acme"]
        assert (await listed(**{"filter[custom.tier][eq]": "bronze"})).status_code == 422

        changed = await client.patch(
            field_url(field_id),
            json={"options": tier()["options"] + [{"value": "bronze", "label": "Bronze"}]},
            headers=admin.headers | if_match(1),
        )
        assert changed.status_code == 200, changed.text
        # An option sent without a color keeps none (it was a 500: the color went missing).
        assert changed.json()["data"]["options"][2] == {
            "value": "bronze", "label": "Bronze", "color": None,
        }  # fmt: skip
        bronze = await listed(**{"filter[custom.tier][eq]": "bronze"})
        assert bronze.status_code == 200, bronze.text
        assert bronze.json()["data"] == []

        assert (await listed(sort="custom.seats")).status_code == 422
        seats = await client.post(
            FIELDS,
            json={"record_kind": "company", "key": "seats", "label": "Seats", "type": "number"},
            headers=admin.headers,
        )
        assert seats.status_code == 201, seats.text
        assert (await listed(sort="custom.seats")).status_code == 200

        deleted = await client.delete(field_url(field_id), headers=admin.headers | if_match(2))
        assert deleted.status_code == 204, deleted.text
        gone = await listed(**{"filter[custom.tier][eq]": "gold"})
        assert gone.status_code == 422, gone.text

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Company, CustomField, Event, Tag
from tests.helpers.api_keys import create_api_key
from tests.helpers.factories import Member, create_member, create_org
from tests.helpers.orgs import count, create_team, events_of, if_match

pytestmark = pytest.mark.anyio

COMPANIES = "/api/v1/companies"


def url(company_id: Any) -> str:
    return f"{COMPANIES}/{company_id}"


async def make(client: httpx.AsyncClient, member: Member, **body: Any) -> dict[str, Any]:
    body.setdefault("name", f"Company {uuid.uuid4().hex[:6]}")
    response = await client.post(COMPANIES, json=body, headers=member.headers)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


@pytest.fixture
async def owner(session: AsyncSession, settings: Settings) -> Member:
    org = await create_org(session)
    return await create_member(session, settings, org, "owner")


class TestCreateCompany:
    async def test_creates_with_normalised_fields_and_records_the_event(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        response = await client.post(
            COMPANIES,
            json={
                "name": "Acme Corporation",
                "domain": "https://www.ACME.example/about",
                "website": "https://acme.example",
                "annual_revenue": "12500000.5",
                "annual_revenue_currency": "eur",
                "phone": "+33 1 42 68 53 00",
                "address": {"city": "Lyon", "country": "fr"},
            },
            headers=owner.headers,
        )

        assert response.status_code == 201, response.text
        assert response.headers["ETag"] == '"1"'
        data = response.json()["data"]
        assert data["domain"] == "acme.example"
        assert data["annual_revenue"] == "12500000.50"
        assert data["annual_revenue_currency"] == "EUR"
        assert data["phone"] == "+33142685300"
        assert data["address"] == {
            "street": None, "city": "Lyon", "region": None, "postal_code": None, "country": "FR",
        }  # fmt: skip
        assert data["owner"]["id"] == str(owner.user.id)
        assert response.json()["meta"] == {"duplicates": []}
        [event] = await events_of(session, owner.org, "company.created")
        assert event.changes["domain"] == "acme.example"

    @pytest.mark.parametrize(
        ("body", "loc"),
        [
            ({"annual_revenue": "1.1234567", "annual_revenue_currency": "EUR"}, "annual_revenue"),
            ({"annual_revenue": "10"}, "annual_revenue_currency"),
            ({"annual_revenue_currency": "XYZ"}, "annual_revenue_currency"),
            ({"domain": "not a domain"}, "domain"),
            ({"website": "ftp://acme.example"}, "website"),
            ({"phone": "0142685300"}, "phone"),
            ({"name": ""}, "name"),
            ({"org_id": str(uuid.uuid4())}, "org_id"),
        ],
    )
    async def test_bad_input_is_422_and_nothing_is_written(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        owner: Member,
        body: dict[str, Any],
        loc: str,
    ) -> None:
        response = await client.post(
            COMPANIES, json={"name": "Acme", **body}, headers=owner.headers
        )

        assert response.status_code == 422, response.text
        assert response.json()["error"]["details"][0]["loc"][:2] == ["body", loc]
        assert await count(session, Company) == 0

    async def test_a_domain_names_one_company(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        await make(client, owner, domain="acme.example")

        response = await client.post(
            COMPANIES, json={"name": "Other", "domain": "ACME.example"}, headers=owner.headers
        )

        assert response.status_code == 409
        assert "acme.example" in response.json()["error"]["message"]
        assert await count(session, Company) == 1

    async def test_similar_names_come_back_as_likely_duplicates(
        self, client: httpx.AsyncClient, owner: Member
    ) -> None:
        first = await make(client, owner, name="Globex")

        response = await client.post(COMPANIES, json={"name": "globex"}, headers=owner.headers)

        assert response.status_code == 201
        duplicates = response.json()["meta"]["duplicates"]
        assert [(d["id"], d["reason"]) for d in duplicates] == [(first["id"], "similar_name")]

    async def test_a_viewer_cannot_create(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, owner: Member
    ) -> None:
        viewer = await create_member(session, settings, owner.org, "viewer")

        response = await client.post(COMPANIES, json={"name": "No"}, headers=viewer.headers)

        assert response.status_code == 403
        assert await count(session, Company) == 0

    async def test_sales_cannot_give_a_new_company_to_someone_else(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, owner: Member
    ) -> None:
        sales = await create_member(session, settings, owner.org, "sales")

        response = await client.post(
            COMPANIES, json={"name": "Mine", "owner_id": str(owner.user.id)}, headers=owner.headers
        )
        assert response.status_code == 201  # an Owner may assign anyone
        response = await client.post(
            COMPANIES,
            json={"name": "Theirs", "owner_id": str(owner.user.id)},
            headers=sales.headers,
        )

        assert response.status_code == 403
        assert await count(session, Company) == 1

    async def test_owner_must_be_a_member(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, owner: Member
    ) -> None:
        stranger = await create_member(session, settings, await create_org(session), "owner")

        response = await client.post(
            COMPANIES,
            json={"name": "X", "owner_id": str(stranger.user.id)},
            headers=owner.headers,
        )

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["body", "owner_id"]


class TestCustomFields:
    async def test_values_are_validated_and_filterable(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        session.add_all(
            [
                CustomField(
                    org_id=owner.org.id, record_kind="company", key="tier", label="Tier",
                    type="select", options=[{"value": "gold", "label": "Gold"},
                                            {"value": "silver", "label": "Silver"}],
                ),
                CustomField(
                    org_id=owner.org.id, record_kind="company", key="seats", label="Seats",
                    type="number",
                ),
            ]
        )  # fmt: skip
        await session.flush()
        gold = await make(client, owner, name="Gold Co", custom={"tier": "gold", "seats": 40})
        await make(client, owner, name="Silver Co", custom={"tier": "silver", "seats": 5})

        wrong = await client.post(
            COMPANIES,
            json={"name": "Bad", "custom": {"tier": "platinum", "seats": "many"}},
            headers=owner.headers,
        )
        assert wrong.status_code == 422
        locs = sorted(tuple(d["loc"]) for d in wrong.json()["error"]["details"])
        assert locs == [("body", "custom", "seats"), ("body", "custom", "tier")]
        assert await count(session, Company) == 2

        listed = await client.get(
            COMPANIES, params={"filter[custom.tier][eq]": "gold"}, headers=owner.headers
        )
        assert [c["id"] for c in listed.json()["data"]] == [gold["id"]]
        by_seats = await client.get(
            COMPANIES, params={"sort": "-custom.seats"}, headers=owner.headers
        )
        assert [c["name"] for c in by_seats.json()["data"]] == ["Gold Co", "Silver Co"]

    async def test_patch_merges_custom_values_key_by_key(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        for key, type_ in (("a", "text"), ("b", "text")):
            session.add(
                CustomField(
                    org_id=owner.org.id, record_kind="company", key=key, label=key, type=type_
                )
            )
        await session.flush()
        company = await make(client, owner, custom={"a": "1", "b": "2"})

        response = await client.patch(
            url(company["id"]),
            json={"custom": {"a": "one"}},
            headers={**owner.headers, **if_match(1)},
        )

        assert response.status_code == 200, response.text
        assert response.json()["data"]["custom"] == {"a": "one", "b": "2"}


class TestListCompanies:
    async def test_filters_sorts_and_pages_with_a_total(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        for n in range(7):
            session.add(
                Company(org_id=owner.org.id, name=f"Co {n}", employee_count=n * 10,
                        owner_id=owner.user.id)
            )  # fmt: skip
        await session.flush()
        seen: list[str] = []
        params: dict[str, Any] = {
            "filter[employee_count][gte]": "20", "sort": "-employee_count", "limit": 2,
            "count": "exact",
        }  # fmt: skip
        while True:
            response = await client.get(COMPANIES, params=params, headers=owner.headers)
            assert response.status_code == 200, response.text
            body = response.json()
            assert body["meta"]["total"] == 5
            assert body["meta"]["total_kind"] == "exact"
            seen += [c["name"] for c in body["data"]]
            if body["meta"]["next_cursor"] is None:
                break
            params["cursor"] = body["meta"]["next_cursor"]

        assert seen == ["Co 6", "Co 5", "Co 4", "Co 3", "Co 2"]

    @pytest.mark.parametrize(
        "params",
        [
            {"filter[nope][eq]": "1"},
            {"filter[name][gt]": "a"},
            {"filter[employee_count][eq]": "many"},
            {"sort": "password"},
            {"count": "lots"},
        ],
    )
    async def test_unknown_filters_and_sorts_are_422(
        self, client: httpx.AsyncClient, owner: Member, params: dict[str, str]
    ) -> None:
        response = await client.get(COMPANIES, params=params, headers=owner.headers)

        assert response.status_code == 422, response.text
        assert response.json()["error"]["code"] == "validation_error"

    async def test_count_none_and_estimate(self, client: httpx.AsyncClient, owner: Member) -> None:
        await make(client, owner)

        none = (await client.get(COMPANIES, params={"count": "none"}, headers=owner.headers)).json()
        estimate = (await client.get(COMPANIES, headers=owner.headers)).json()

        assert (none["meta"]["total"], none["meta"]["total_kind"]) == (None, "none")
        # Small lists are counted exactly even when an estimate would do.
        assert (estimate["meta"]["total"], estimate["meta"]["total_kind"]) == (1, "exact")

    async def test_search_matches_word_prefixes(
        self, client: httpx.AsyncClient, owner: Member
    ) -> None:
        acme = await make(client, owner, name="Acme Rockets", domain="acme.example")
        await make(client, owner, name="Globex")

        response = await client.get(COMPANIES, params={"q": "roc"}, headers=owner.headers)

        assert [c["id"] for c in response.json()["data"]] == [acme["id"]]

    async def test_another_organization_sees_nothing(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, owner: Member
    ) -> None:
        company = await make(client, owner)
        other = await create_member(session, settings, await create_org(session), "owner")

        listed = await client.get(COMPANIES, headers=other.headers)
        fetched = await client.get(url(company["id"]), headers=other.headers)

        assert listed.json()["data"] == []
        assert fetched.status_code == 404


class TestUpdateCompany:
    async def test_needs_the_current_version(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        company = await make(client, owner, name="Before")

        missing = await client.patch(url(company["id"]), json={"name": "A"}, headers=owner.headers)
        stale = await client.patch(
            url(company["id"]), json={"name": "A"}, headers={**owner.headers, **if_match(7)}
        )

        assert missing.status_code == 428
        assert stale.status_code == 412
        assert stale.json()["error"]["details"][0]["current"]["name"] == "Before"
        stored = await session.get(Company, uuid.UUID(company["id"]))
        assert stored is not None
        await session.refresh(stored)
        assert stored.name == "Before"

    async def test_records_what_changed(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        company = await make(client, owner, name="Before", industry="Retail")

        response = await client.patch(
            url(company["id"]),
            json={"name": "After", "industry": "Retail"},
            headers={**owner.headers, **if_match(1)},
        )

        assert response.status_code == 200, response.text
        assert response.headers["ETag"] == '"2"'
        [event] = await events_of(session, owner.org, "company.updated")
        assert event.changes == {"name": {"before": "Before", "after": "After"}}

    async def test_sales_changes_only_their_own(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, owner: Member
    ) -> None:
        sales = await create_member(session, settings, owner.org, "sales")
        theirs = await make(client, owner, name="Owner's")
        mine = await make(client, sales, name="Mine")

        refused = await client.patch(
            url(theirs["id"]), json={"name": "Taken"}, headers={**sales.headers, **if_match(1)}
        )
        allowed = await client.patch(
            url(mine["id"]), json={"name": "Still mine"}, headers={**sales.headers, **if_match(1)}
        )

        assert refused.status_code == 403
        assert allowed.status_code == 200
        assert await count(session, Event, Event.type == "company.updated") == 1


class TestTrash:
    async def test_delete_restore_and_the_trash(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        company = await make(client, owner, name="Gone Soon")

        deleted = await client.delete(url(company["id"]), headers={**owner.headers, **if_match(1)})
        assert deleted.status_code == 204
        assert (await client.get(url(company["id"]), headers=owner.headers)).status_code == 404
        trash = (await client.get("/api/v1/trash", headers=owner.headers)).json()["data"]
        assert [(t["kind"], t["title"]) for t in trash] == [("company", "Gone Soon")]

        restored = await client.post(f"{url(company['id'])}/restore", headers=owner.headers)

        assert restored.status_code == 200, restored.text
        assert (await client.get(url(company["id"]), headers=owner.headers)).status_code == 200
        assert (await client.get("/api/v1/trash", headers=owner.headers)).json()["data"] == []
        assert len(await events_of(session, owner.org, "company.deleted")) == 1
        assert len(await events_of(session, owner.org, "company.restored")) == 1

    async def test_restoring_is_refused_when_the_domain_was_taken_meanwhile(
        self, client: httpx.AsyncClient, owner: Member
    ) -> None:
        first = await make(client, owner, domain="acme.example")
        await client.delete(url(first["id"]), headers={**owner.headers, **if_match(1)})
        await make(client, owner, domain="acme.example")

        response = await client.post(f"{url(first['id'])}/restore", headers=owner.headers)

        assert response.status_code == 409


class TestBulk:
    async def test_all_or_nothing(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, owner: Member
    ) -> None:
        a = await make(client, owner, name="A")
        b = await make(client, owner, name="B")
        foreign = await make(
            client, await create_member(session, settings, await create_org(session), "owner")
        )

        refused = await client.post(
            f"{COMPANIES}/bulk",
            json={"action": "update", "ids": [a["id"], foreign["id"]],
                  "fields": {"industry": "Energy"}},
            headers=owner.headers,
        )  # fmt: skip
        done = await client.post(
            f"{COMPANIES}/bulk",
            json={"action": "update", "ids": [a["id"], b["id"]], "fields": {"industry": "Energy"}},
            headers=owner.headers,
        )

        assert refused.status_code == 404
        assert done.status_code == 200, done.text
        assert done.json()["data"]["count"] == 2
        assert await count(session, Company, Company.industry == "Energy") == 2

    async def test_delete_by_filter(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        await make(client, owner, name="Keep", industry="Retail")
        await make(client, owner, name="Drop", industry="Mining")

        response = await client.post(
            f"{COMPANIES}/bulk",
            json={"action": "delete", "filter": {"op": "and", "conditions": [
                {"field": "industry", "op": "eq", "value": "Mining"}]}},
            headers=owner.headers,
        )  # fmt: skip

        assert response.status_code == 200, response.text
        assert [i["result"] for i in response.json()["data"]["items"]] == ["deleted"]
        assert await count(session, Company, Company.deleted_at.is_(None)) == 1

    async def test_fields_outside_the_bulk_list_are_refused(
        self, client: httpx.AsyncClient, owner: Member
    ) -> None:
        a = await make(client, owner)

        response = await client.post(
            f"{COMPANIES}/bulk",
            json={"action": "update", "ids": [a["id"]], "fields": {"domain": "x.example"}},
            headers=owner.headers,
        )

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["body", "fields", "domain"]


class TestScopes:
    async def test_a_manager_changes_their_teams_companies_only(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, owner: Member
    ) -> None:
        manager = await create_member(session, settings, owner.org, "manager")
        in_team = await create_member(session, settings, owner.org, "sales")
        outside = await create_member(session, settings, owner.org, "sales")
        await create_team(session, owner.org, manager_id=manager.user.id, members=[in_team.user.id])
        ours = await make(client, in_team, name="Team's")
        theirs = await make(client, outside, name="Not the team's")

        allowed = await client.patch(
            url(ours["id"]), json={"industry": "Energy"}, headers={**manager.headers, **if_match(1)}
        )
        refused = await client.patch(
            url(theirs["id"]), json={"industry": "Energy"},
            headers={**manager.headers, **if_match(1)},
        )  # fmt: skip

        assert allowed.status_code == 200, allowed.text
        assert refused.status_code == 403
        assert await count(session, Company, Company.industry == "Energy") == 1

    async def test_an_api_key_acts_for_its_creators_own_records(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, owner: Member
    ) -> None:
        sales = await create_member(session, settings, owner.org, "sales")
        key = await create_api_key(session, owner.org, sales.user, role="sales")
        headers = {"Authorization": f"Bearer {key.secret}"}

        created = await client.post(COMPANIES, json={"name": "By key"}, headers=headers)
        theirs = await make(client, owner)
        refused = await client.patch(
            url(theirs["id"]), json={"industry": "X"}, headers={**headers, **if_match(1)}
        )

        assert created.status_code == 201, created.text
        assert created.json()["data"]["owner"]["id"] == str(sales.user.id)
        assert refused.status_code == 403


class TestCustomFieldSortPages:
    async def test_keyset_pages_follow_a_custom_field(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        session.add(
            CustomField(org_id=owner.org.id, record_kind="company", key="seats", label="Seats",
                        type="number")
        )  # fmt: skip
        for n in (5, 40, 12, None, 7):
            session.add(
                Company(org_id=owner.org.id, name=f"Co {n}",
                        custom={} if n is None else {"seats": n})
            )  # fmt: skip
        await session.flush()
        seen: list[str] = []
        params: dict[str, Any] = {"sort": "-custom.seats", "limit": 2}
        while True:
            body = (await client.get(COMPANIES, params=params, headers=owner.headers)).json()
            seen += [c["name"] for c in body["data"]]
            if body["meta"]["next_cursor"] is None:
                break
            params["cursor"] = body["meta"]["next_cursor"]

        assert seen == ["Co None", "Co 40", "Co 12", "Co 7", "Co 5"]


class TestIdempotentCreate:
    async def test_a_replayed_create_answers_the_first_response_and_writes_once(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        headers = {**owner.headers, "Idempotency-Key": "create-acme-1"}

        first = await client.post(COMPANIES, json={"name": "Acme"}, headers=headers)
        again = await client.post(COMPANIES, json={"name": "Acme"}, headers=headers)
        other = await client.post(COMPANIES, json={"name": "Other"}, headers=headers)

        assert first.status_code == 201, first.text
        assert again.status_code == 201
        assert again.json()["data"]["id"] == first.json()["data"]["id"]
        assert other.status_code == 422
        assert await count(session, Company) == 1


class TestBulkTags:
    async def test_tagging_in_bulk_records_an_event_and_moves_the_version(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        tag = Tag(org_id=owner.org.id, name="VIP")
        session.add(tag)
        await session.flush()
        company = await make(client, owner)

        tagged = await client.post(
            f"{COMPANIES}/bulk",
            json={"action": "tag", "ids": [company["id"]], "tag_ids": [str(tag.id)]},
            headers=owner.headers,
        )
        again = await client.post(
            f"{COMPANIES}/bulk",
            json={"action": "tag", "ids": [company["id"]], "tag_ids": [str(tag.id)]},
            headers=owner.headers,
        )

        assert [i["result"] for i in tagged.json()["data"]["items"]] == ["updated"]
        assert [i["result"] for i in again.json()["data"]["items"]] == ["unchanged"]
        fetched = await client.get(url(company["id"]), headers=owner.headers)
        assert fetched.headers["ETag"] == '"2"'
        assert [t["name"] for t in fetched.json()["data"]["tags"]] == ["VIP"]
        [event] = await events_of(session, owner.org, "company.updated")
        assert event.changes == {"tags": {"before": [], "after": ["VIP"]}}


class TestRequiredFields:
    async def test_null_for_a_required_field_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        company = await make(client, owner, name="Keep")

        patched = await client.patch(
            url(company["id"]), json={"name": None}, headers={**owner.headers, **if_match(1)}
        )
        bulk = await client.post(
            f"{COMPANIES}/bulk",
            json={"action": "update", "ids": [company["id"]], "fields": {"industry": None}},
            headers=owner.headers,
        )

        assert patched.status_code == 422, patched.text
        assert patched.json()["error"]["details"][0]["loc"] == ["body", "name"]
        assert bulk.status_code == 200  # industry may be empty
        assert await count(session, Company, Company.name == "Keep") == 1


class TestBooleanCustomSort:
    async def test_pages_follow_a_yes_no_field(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        session.add(
            CustomField(org_id=owner.org.id, record_kind="company", key="vip", label="VIP",
                        type="boolean")
        )  # fmt: skip
        for name, vip in (("A", True), ("B", False), ("C", True)):
            session.add(Company(org_id=owner.org.id, name=name, custom={"vip": vip}))
        await session.flush()
        seen: list[str] = []
        params: dict[str, Any] = {"sort": "custom.vip,name", "limit": 1}
        while True:
            response = await client.get(COMPANIES, params=params, headers=owner.headers)
            assert response.status_code == 200, response.text
            seen += [c["name"] for c in response.json()["data"]]
            if response.json()["meta"]["next_cursor"] is None:
                break
            params["cursor"] = response.json()["meta"]["next_cursor"]

        assert seen == ["B", "A", "C"]

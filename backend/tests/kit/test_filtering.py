"""``filter[<field>][<op>]=<value>``: allow-listed fields and operators, values as data."""

from __future__ import annotations

from datetime import timedelta, timezone
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import Integer, Numeric, column, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from heron.config import Settings
from heron.kit.errors import ValidationFailed
from heron.kit.filtering import FilterField, ordered_field, parse_filters
from heron.models import ApiKey, Event, Organization
from heron.models.base import utcnow
from tests.helpers.api_keys import create_api_key
from tests.helpers.factories import Member, create_member, create_org

pytestmark = pytest.mark.anyio

EVENTS = "/api/v1/events"
KEYS = "/api/v1/api-keys"
TYPES = ["api_key.created", "api_key.revoked", "member.added", "odd%type", "odd_type", "oddXtype"]


async def add_events(session: AsyncSession, org: Organization, types: list[str]) -> None:
    session.add_all(
        Event(org_id=org.id, type=t, entity="thing", actor_type="system") for t in types
    )
    await session.flush()


async def owner_with_events(session: AsyncSession, settings: Settings) -> Member:
    owner = await create_member(session, settings, await create_org(session), "owner")
    await add_events(session, owner.org, TYPES)
    await add_events(session, await create_org(session), ["api_key.created"])
    return owner


async def types_for(client: httpx.AsyncClient, owner: Member, params: dict[str, str]) -> list[str]:
    response = await client.get(EVENTS, params=params, headers=owner.headers)
    assert response.status_code == 200, response.text
    return sorted(e["type"] for e in response.json()["data"])


class TestFilters:
    async def test_eq_keeps_matching_rows_of_the_callers_organization(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await owner_with_events(session, settings)

        found = await types_for(client, owner, {"filter[type][eq]": "api_key.created"})

        assert found == ["api_key.created"]

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"filter[type][ne]": "member.added"}, sorted(set(TYPES) - {"member.added"})),
            ({"filter[type][in]": "member.added,odd_type"}, ["member.added", "odd_type"]),
            ({"filter[type][nin]": "odd%type,odd_type,oddXtype"}, TYPES[:3]),
            ({"filter[type][startswith]": "api_key."}, TYPES[:2]),
            ({"filter[type][icontains]": "KEY"}, TYPES[:2]),
            ({"filter[type][contains]": "KEY"}, []),
            ({"filter[type][contains]": "%"}, ["odd%type"]),
            ({"filter[type][contains]": "d_t"}, ["odd_type"]),
            ({"filter[entity_id][isnull]": "true"}, sorted(TYPES)),
            ({"filter[entity_id][isnull]": "false"}, []),
            ({"filter[type][startswith]": "api", "filter[type][contains]": "revoked"}, [TYPES[1]]),
        ],
        ids=[
            "ne", "in", "nin", "startswith", "icontains", "contains-is-case-sensitive",
            "percent-is-literal", "underscore-is-literal", "isnull", "not-null", "and",
        ],
    )  # fmt: skip
    async def test_operators(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        params: dict[str, str],
        expected: list[str],
    ) -> None:
        owner = await owner_with_events(session, settings)

        assert await types_for(client, owner, params) == expected

    async def test_times_compare_in_utc_whatever_the_offset(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")
        now = utcnow().replace(microsecond=0)
        session.add_all(
            Event(org_id=owner.org.id, type=t, entity="x", actor_type="system", created_at=at)
            for t, at in (("old", now - timedelta(hours=2)), ("new", now))
        )
        await session.flush()
        cut = (now - timedelta(hours=1)).astimezone(timezone(timedelta(hours=-5)))

        found = await types_for(client, owner, {"filter[created_at][gte]": cut.isoformat()})

        assert found == ["new"]

    @pytest.mark.parametrize(
        "value",
        [
            "' OR 1=1 --",
            "api_key.created' OR 'a'='a",
            "x'; DROP TABLE events; --",
            '"); DELETE FROM api_keys; --',
            "\\",
        ],
    )
    async def test_sql_looking_values_are_just_data(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, value: str
    ) -> None:
        owner = await owner_with_events(session, settings)
        await create_api_key(session, owner.org, owner.user)

        found = await types_for(client, owner, {"filter[type][eq]": value})
        contains = await types_for(client, owner, {"filter[type][contains]": value})

        assert found == [] and contains == []
        assert await session.scalar(select(func.count()).select_from(Event)) == len(TYPES) + 1
        assert await session.scalar(select(func.count()).select_from(ApiKey)) == 1


class TestRefusedFilters:
    @pytest.mark.parametrize(
        ("url", "param", "words"),
        [
            (EVENTS, "filter[changes][eq]", "Cannot filter by 'changes'"),
            (KEYS, "filter[key_hash][eq]", "Cannot filter by 'key_hash'"),
            (KEYS, "filter[org_id][eq]", "Cannot filter by 'org_id'"),
            (EVENTS, "filter[type][gt]", "'gt' does not apply to 'type'"),
            (EVENTS, "filter[type][like]", "'like' does not apply to 'type'"),
            (EVENTS, "filter[created_at][contains]", "'contains' does not apply"),
            (EVENTS, "filter[type]", "filter[<field>][<op>]"),
            (EVENTS, "filter[type][EQ]", "filter[<field>][<op>]"),
            (EVENTS, "filter", "filter[<field>][<op>]"),
        ],
    )
    async def test_a_field_or_operator_outside_the_allow_list_is_422_naming_the_parameter(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        url: str,
        param: str,
        words: str,
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")

        response = await client.get(url, params={param: "x"}, headers=owner.headers)

        assert response.status_code == 422
        [detail] = response.json()["error"]["details"]
        assert detail["loc"] == ["query", param]
        assert words in detail["msg"]

    @pytest.mark.parametrize(
        ("param", "value"),
        [
            ("filter[entity_id][eq]", "not-a-uuid"),
            ("filter[actor_type][eq]", "robot"),
            ("filter[created_at][gte]", "yesterday"),
            ("filter[created_at][gte]", "2026-01-01T00:00:00"),
            ("filter[created_at][gte]", "9999-12-31T23:00:00-05:00"),
            ("filter[created_at][between]", "2026-01-01T00:00:00Z"),
            ("filter[entity_id][isnull]", "maybe"),
            ("filter[type][in]", ","),
            ("filter[type][eq]", "api_key\x00created"),
        ],
        ids=[
            "uuid", "choice", "time", "naive-time", "time-out-of-range", "between-needs-two",
            "bool", "empty-list", "nul",
        ],
    )  # fmt: skip
    async def test_a_value_of_the_wrong_type_is_422(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        param: str,
        value: str,
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")

        response = await client.get(EVENTS, params={param: value}, headers=owner.headers)

        assert response.status_code == 422, response.text
        assert response.json()["error"]["details"][0]["loc"] == ["query", param]

    async def test_too_many_listed_values_are_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")
        values = ",".join(f"t{n}" for n in range(201))

        response = await client.get(
            EVENTS, params={"filter[type][in]": values}, headers=owner.headers
        )

        assert response.status_code == 422


class TestNumbers:
    """Numeric fields have no route yet: the parser is checked directly."""

    ALLOWED = {
        "n": ordered_field(column("n", Integer), "int"),
        "amount": ordered_field(column("amount", Numeric), "decimal"),
    }

    @pytest.mark.parametrize(
        "query",
        [
            "filter[n][eq]=1.5",
            "filter[n][gt]=99999999999999999999",
            "filter[amount][eq]=NaN",
            "filter[amount][eq]=Infinity",
            "filter[amount][lt]=1e999999",
            "filter[amount][eq]=abc",
        ],
    )
    def test_numbers_out_of_range_or_not_finite_are_422(self, query: str) -> None:
        with pytest.raises(ValidationFailed) as caught:
            parse_filters(QueryParams(query), self.ALLOWED)

        assert caught.value.details[0]["loc"][0] == "query"

    def test_numbers_in_range_are_bound_as_parameters(self) -> None:
        clause = parse_filters(
            QueryParams("filter[n][gte]=-3&filter[amount][lt]=12.50"), self.ALLOWED
        )

        assert clause is not None
        compiled = clause.compile()
        assert set(compiled.params.values()) == {-3, Decimal("12.50")}
        assert "12.50" not in str(compiled)

    def test_no_filter_is_none(self) -> None:
        assert parse_filters(QueryParams("page=2&sort=-n"), self.ALLOWED) is None

    def test_allowed_field_must_be_in_the_allow_list_even_if_a_column(self) -> None:
        with pytest.raises(ValidationFailed):
            parse_filters(QueryParams("filter[other][eq]=1"), {"n": FilterField(column("n"))})

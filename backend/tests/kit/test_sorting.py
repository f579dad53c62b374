"""``?sort=``: fields from the entity's allow-list, always ending on the id."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import Column, DateTime, Integer, String
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.kit.errors import ValidationFailed
from heron.kit.sorting import parse_sort
from tests.helpers.factories import create_member, create_org

pytestmark = pytest.mark.anyio

ID = Column("id", Integer, nullable=False)
ALLOWED = {
    "name": Column("name", String, nullable=True),
    "created_at": Column("created_at", DateTime, nullable=False),
}


class TestSortAllowList:
    @pytest.mark.parametrize(
        ("url", "sort"),
        [
            ("/api/v1/api-keys", "key_hash"),
            ("/api/v1/api-keys", "name,-org_id"),
            ("/api/v1/events", "type"),
            ("/api/v1/events", "created_at; DROP TABLE events"),
        ],
    )
    async def test_a_field_outside_the_allow_list_is_422(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        url: str,
        sort: str,
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")

        response = await client.get(url, params={"sort": sort}, headers=owner.headers)

        assert response.status_code == 422
        [detail] = response.json()["error"]["details"]
        assert detail["loc"] == ["query", "sort"]
        assert "Sortable fields" in detail["msg"]


class TestParseSort:
    def test_the_default_applies_without_a_sort(self) -> None:
        keys = parse_sort(None, ALLOWED, "-created_at", ID)

        assert [(k.attribute, k.descending) for k in keys] == [("created_at", True), ("id", True)]

    def test_fields_keep_their_order_and_direction_and_end_on_the_id(self) -> None:
        keys = parse_sort("name,-created_at", ALLOWED, "-created_at", ID)

        assert [(k.attribute, k.descending) for k in keys] == [
            ("name", False),
            ("created_at", True),
            ("id", True),
        ]

    def test_a_repeated_field_counts_once(self) -> None:
        keys = parse_sort("name,-name", ALLOWED, "", ID)

        assert [k.attribute for k in keys] == ["name", "id"]

    def test_nullable_columns_put_nulls_last_ascending_and_first_descending(self) -> None:
        [name_asc, _] = parse_sort("name", ALLOWED, "", ID)
        [name_desc, _] = parse_sort("-name", ALLOWED, "", ID)
        [created, id_key] = parse_sort("created_at", ALLOWED, "", ID)

        assert str(name_asc.order_by()) == "name ASC NULLS LAST"
        assert str(name_desc.order_by()) == "name DESC NULLS FIRST"
        assert str(created.order_by()) == "created_at ASC"
        assert str(id_key.order_by()) == "id ASC"

    def test_empty_parts_are_skipped(self) -> None:
        assert [k.attribute for k in parse_sort("name,,", ALLOWED, "", ID)] == ["name", "id"]

    @pytest.mark.parametrize("raw", ["-", "email", "name,secret", "Name"])
    def test_anything_else_is_422(self, raw: str) -> None:
        with pytest.raises(ValidationFailed) as caught:
            parse_sort(raw, ALLOWED, "", ID)

        assert caught.value.details[0]["loc"] == ["query", "sort"]

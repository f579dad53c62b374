"""The settings records (organization, members, teams, tags, custom fields) carry their
``version`` in their read models, lists included, so a screen that shows a list can send the
version it showed in ``If-Match``: a change made by someone else since is then a 412, not lost."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from tests.helpers.factories import Member, create_member, create_org
from tests.helpers.orgs import create_team, if_match

pytestmark = pytest.mark.anyio


@dataclass(frozen=True)
class Case:
    name: str
    # Makes the record; answers (list URL, one record's URL, the key of the list item).
    arrange: Callable[
        [httpx.AsyncClient, AsyncSession, Settings, Member], Awaitable[tuple[str, str, str]]
    ]
    change: dict[str, Any]
    # The list answer's record is found by this field equal to the key.
    key_field: str = "id"


async def _tag(client: httpx.AsyncClient, session: AsyncSession, settings: Settings, owner: Member):
    made = await client.post("/api/v1/tags", json={"name": "VIP"}, headers=owner.headers)
    assert made.status_code == 201, made.text
    tag_id = made.json()["data"]["id"]
    return "/api/v1/tags", f"/api/v1/tags/{tag_id}", tag_id


async def _field(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, owner: Member
):
    body = {"record_kind": "contact", "key": "tier", "label": "Tier", "type": "text"}
    made = await client.post("/api/v1/custom-fields", json=body, headers=owner.headers)
    assert made.status_code == 201, made.text
    field_id = made.json()["data"]["id"]
    return "/api/v1/custom-fields", f"/api/v1/custom-fields/{field_id}", field_id


async def _team(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, owner: Member
):
    team = await create_team(session, owner.org)
    return "/api/v1/teams", f"/api/v1/teams/{team.id}", str(team.id)


async def _member(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, owner: Member
):
    sales = await create_member(session, settings, owner.org, "sales")
    return "/api/v1/members", f"/api/v1/members/{sales.user.id}", str(sales.user.id)


CASES = [
    Case("tag", _tag, {"color": "#10b981"}),
    Case("custom field", _field, {"label": "Customer tier"}),
    Case("team", _team, {"description": "Key accounts"}),
    Case("member", _member, {"role": "support"}, key_field="user_id"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_the_listed_version_is_the_etag_and_guards_the_next_write(
    case: Case, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    owner = await create_member(session, settings, await create_org(session))
    list_url, url, key = await case.arrange(client, session, settings, owner)

    listed = await client.get(list_url, headers=owner.headers)
    assert listed.status_code == 200, listed.text
    (seen,) = [r for r in listed.json()["data"] if r[case.key_field] == key]
    one = await client.get(url, headers=owner.headers)
    assert one.headers["ETag"] == f'"{seen["version"]}"' == f'"{one.json()["data"]["version"]}"'

    changed = await client.patch(
        url, json=case.change, headers={**owner.headers, **if_match(seen["version"])}
    )
    assert changed.status_code == 200, changed.text
    after = changed.json()["data"]["version"]
    assert after > seen["version"] and changed.headers["ETag"] == f'"{after}"'

    # A second screen still showing the old version is refused, and told the current one.
    stale = await client.patch(
        url, json=case.change, headers={**owner.headers, **if_match(seen["version"])}
    )
    assert stale.status_code == 412, stale.text
    assert stale.json()["error"]["details"][0]["current"]["version"] == after


async def test_the_organization_shows_its_version(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    owner = await create_member(session, settings, await create_org(session))

    read = await client.get("/api/v1/org", headers=owner.headers)
    version = read.json()["data"]["version"]
    assert read.headers["ETag"] == f'"{version}"'
    changed = await client.patch(
        "/api/v1/org", json={"name": "Renamed"}, headers={**owner.headers, **if_match(version)}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["data"]["version"] == version + 1
    stale = await client.patch(
        "/api/v1/org", json={"name": "Again"}, headers={**owner.headers, **if_match(version)}
    )
    assert stale.status_code == 412

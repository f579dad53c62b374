"""The timeline of a record that absorbed duplicates shows their history too."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from tests.helpers.activities import ACTIVITIES
from tests.helpers.factories import Member, create_member, create_org
from tests.helpers.merge import merge_url
from tests.helpers.orgs import if_match

pytestmark = pytest.mark.anyio

COMPANIES = "/api/v1/companies"


async def _company(client: httpx.AsyncClient, owner: Member, name: str) -> dict[str, Any]:
    response = await client.post(COMPANIES, json={"name": name}, headers=owner.headers)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


async def _merge(
    client: httpx.AsyncClient, owner: Member, survivor: dict[str, Any], other: dict[str, Any]
) -> None:
    current = await client.get(f"{COMPANIES}/{survivor['id']}", headers=owner.headers)
    response = await client.post(
        merge_url("companies", survivor["id"]),
        json={"other_id": other["id"]},
        headers=owner.headers | {"If-Match": current.headers["etag"]},
    )
    assert response.status_code == 200, response.text


async def _timeline(
    client: httpx.AsyncClient, owner: Member, company_id: str
) -> list[tuple[str, str | None]]:
    """(event type, the name a creation set) of each item; ("activity", None) for activities."""
    response = await client.get(f"{COMPANIES}/{company_id}/timeline", headers=owner.headers)
    assert response.status_code == 200, response.text
    return [
        (i["event_type"] or i["type"], (i["changes"] or {}).get("name"))
        for i in response.json()["data"]
    ]


class TestTimelineOfMergedRecords:
    async def test_shows_the_events_of_records_merged_into_it_and_into_those(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        a, b, c = [await _company(client, owner, name) for name in ("A", "B", "C")]
        unrelated = await _company(client, owner, "D")
        note = await client.post(
            ACTIVITIES,
            json={"kind": "note", "subject": "About C",
                  "links": [{"record_kind": "company", "record_id": c["id"]}]},
            headers=owner.headers,
        )  # fmt: skip
        assert note.status_code == 201, note.text
        renamed = await client.patch(
            f"{COMPANIES}/{c['id']}", json={"industry": "Software"},
            headers=owner.headers | if_match(c["version"]),
        )  # fmt: skip
        assert renamed.status_code == 200, renamed.text

        await _merge(client, owner, b, c)  # C into B,
        await _merge(client, owner, a, b)  # then B (with C's history) into A

        items = await _timeline(client, owner, a["id"])
        types = [type_ for type_, _ in items]
        assert sorted(name for t, name in items if t == "company.created") == ["A", "B", "C"]
        assert types.count("company.merged") == 2
        assert types.count("company.deleted") == 2  # B and C, merged away
        assert types.count("company.updated") == 1  # C's change
        assert types.count("activity") == 1  # C's note, moved by the merge
        assert ("company.created", "D") not in items
        assert await _timeline(client, owner, unrelated["id"]) == [("company.created", "D")]

"""Bulk actions on contacts: all or nothing."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Contact, Tagging
from tests.helpers.factories import create_member, create_org
from tests.helpers.orgs import count, reload
from tests.helpers.records import create_contact, create_tag

pytestmark = pytest.mark.anyio

BULK = "/api/v1/contacts/bulk"


class TestBulkContacts:
    async def test_assign_tag_and_delete(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        sales = await create_member(session, settings, org, "sales")
        first, second = await create_contact(session, org), await create_contact(session, org)
        ids = [str(first.id), str(second.id)]
        tag = await create_tag(session, org)

        assigned = await client.post(
            BULK, json={"action": "assign", "ids": ids, "owner_id": str(sales.user.id)},
            headers=owner.headers,
        )  # fmt: skip
        tagged = await client.post(
            BULK, json={"action": "tag", "ids": ids, "tag_ids": [str(tag.id)]},
            headers=owner.headers,
        )  # fmt: skip

        assert assigned.status_code == 200, assigned.text
        assert [i["result"] for i in assigned.json()["data"]["items"]] == ["updated"] * 2
        for contact in (first, second):
            stored = await reload(session, Contact, Contact.id == contact.id)
            # Assigned (version 2), then tagged (version 3): tags move the version too.
            assert (stored.owner_id, stored.version) == (sales.user.id, 3)
        assert tagged.status_code == 200, tagged.text
        assert await count(session, Tagging, Tagging.tag_id == tag.id) == 2

        deleted = await client.post(
            BULK, json={"action": "delete", "ids": ids}, headers=owner.headers
        )

        assert deleted.status_code == 200, deleted.text
        listed = await client.get("/api/v1/contacts", headers=owner.headers)
        assert listed.json()["data"] == []

    @pytest.mark.parametrize("action", ["assign", "tag", "delete"])
    async def test_one_foreign_id_is_404_and_nothing_changes(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        action: str,
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        mine = await create_contact(session, org, owner=owner)
        foreign = await create_contact(session, await create_org(session))
        tag = await create_tag(session, org)
        body: dict[str, object] = {"action": action, "ids": [str(mine.id), str(foreign.id)]}
        if action == "assign":
            body["owner_id"] = str((await create_member(session, settings, org, "sales")).user.id)
        if action == "tag":
            body["tag_ids"] = [str(tag.id)]

        response = await client.post(BULK, json=body, headers=owner.headers)

        assert response.status_code == 404
        assert "ids[1]" in response.json()["error"]["message"]
        stored = await reload(session, Contact, Contact.id == mine.id)
        assert (stored.owner_id, stored.version, stored.deleted_at) == (owner.user.id, 1, None)
        assert await count(session, Tagging) == 0

    async def test_sales_cannot_bulk_change_a_colleague_s_contact(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")
        colleague = await create_member(session, settings, org, "sales")
        mine = await create_contact(session, org, owner=sales)
        theirs = await create_contact(session, org, owner=colleague)

        response = await client.post(
            BULK, json={"action": "delete", "ids": [str(mine.id), str(theirs.id)]},
            headers=sales.headers,
        )  # fmt: skip

        assert response.status_code == 403
        assert await count(session, Contact, Contact.deleted_at.is_not(None)) == 0

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Activity, ActivityLink, Contact, Event
from tests.helpers.activities import (
    ACTIVITIES,
    activity_url,
    create_activity,
    create_company,
    create_contact,
    create_lead,
    link,
)
from tests.helpers.factories import create_member, create_org
from tests.helpers.orgs import count, events_of, if_match, reload

pytestmark = pytest.mark.anyio


class TestCreateActivity:
    async def test_a_task_with_links_is_assigned_to_its_owner(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales", full_name="Sam Sales")
        company = await create_company(session, org, sales.user.id)
        contact = await create_contact(session, org, sales.user.id)
        body = {
            "kind": "task",
            "subject": "Send the quote",
            "due_at": "2026-03-02T09:00:00+01:00",
            "links": [link(company), link(contact), link(company)],
        }

        response = await client.post(ACTIVITIES, json=body, headers=sales.headers)

        assert response.status_code == 201, response.text
        assert response.headers["etag"] == '"1"'
        data = response.json()["data"]
        person = {"id": str(sales.user.id), "full_name": "Sam Sales", "email": sales.user.email}
        assert data["owner"] == data["assignee"] == data["created_by"] == person
        assert data["due_at"] == "2026-03-02T08:00:00Z"
        assert data["done_at"] is None
        assert sorted((x["record_kind"], x["record_id"]) for x in data["links"]) == sorted(
            [("company", str(company.id)), ("contact", str(contact.id))]
        )
        [event] = await events_of(session, org, "activity.created")
        assert event.entity_id is not None and str(event.entity_id) == data["id"]
        assert event.changes["links"] == [f"company:{company.id}", f"contact:{contact.id}"]
        # A task is not something that happened: the contact's last activity stays unset.
        assert (await reload(session, Contact, Contact.id == contact.id)).last_activity_at is None

    async def test_a_link_to_another_organizations_record_is_422_and_writes_nothing(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")
        mine = await create_company(session, org, owner.user.id)
        foreign = await create_company(session, await create_org(session))
        body = {"kind": "note", "subject": "Hello", "links": [link(mine), link(foreign)]}

        response = await client.post(ACTIVITIES, json=body, headers=owner.headers)

        assert response.status_code == 422, response.text
        assert response.json()["error"]["details"][0]["loc"] == ["body", "links", 1]
        assert await count(session, Activity) == 0
        assert await count(session, ActivityLink) == 0
        assert await count(session, Event, Event.type == "activity.created") == 0

    async def test_a_link_to_a_record_the_caller_may_not_see_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")
        colleague = await create_member(session, settings, org, "sales")
        theirs = await create_lead(session, org, colleague.user.id)
        deleted = await create_company(session, org, sales.user.id, deleted_at=datetime.now(UTC))

        for index, record in ((0, theirs), (0, deleted)):
            body = {"kind": "call", "subject": "Called", "links": [link(record)]}
            response = await client.post(ACTIVITIES, json=body, headers=sales.headers)

            assert response.status_code == 422, response.text
            assert response.json()["error"]["details"][0]["loc"] == ["body", "links", index]
        assert await count(session, Activity) == 0

    async def test_the_body_is_kept_as_text_and_never_turned_into_html(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")
        text = "<script>alert('x')</script>\n**Bold** & <b>tags</b>"

        created = await client.post(
            ACTIVITIES, json={"kind": "note", "subject": "<i>Hi</i>", "body": text},
            headers=owner.headers,
        )  # fmt: skip
        fetched = await client.get(
            activity_url(created.json()["data"]["id"]), headers=owner.headers
        )

        for response in (created, fetched):
            assert response.status_code < 300, response.text
            assert response.headers["content-type"] == "application/json"
            assert response.json()["data"]["body"] == text
            assert response.json()["data"]["subject"] == "<i>Hi</i>"
            assert "&lt;" not in response.text and "<strong>" not in response.text
        new_id = uuid.UUID(created.json()["data"]["id"])
        stored = await reload(session, Activity, Activity.id == new_id)
        assert stored.body == text

    async def test_a_body_over_100000_characters_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")

        response = await client.post(
            ACTIVITIES, json={"kind": "note", "subject": "Long", "body": "x" * 100_001},
            headers=owner.headers,
        )  # fmt: skip

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["body", "body"]
        assert await count(session, Activity) == 0

    async def test_a_time_without_offset_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")

        response = await client.post(
            ACTIVITIES, json={"kind": "task", "subject": "Naive", "due_at": "2026-03-02T09:00"},
            headers=owner.headers,
        )  # fmt: skip

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["body", "due_at"]

    async def test_a_call_on_a_contact_becomes_its_last_activity(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")
        contact = await create_contact(session, org, sales.user.id)
        body = {
            "kind": "call",
            "subject": "Discovery call",
            "done_at": "2026-02-27T15:30:00Z",
            "duration_minutes": 25,
            "outcome": "Wants a demo",
            "links": [link(contact)],
        }

        response = await client.post(ACTIVITIES, json=body, headers=sales.headers)

        assert response.status_code == 201, response.text
        assert response.json()["data"]["assignee"] is None  # only tasks default an assignee
        stored = await reload(session, Contact, Contact.id == contact.id)
        assert stored.last_activity_at == datetime(2026, 2, 27, 15, 30, tzinfo=UTC)
        assert stored.version == contact.version  # not an edit of the contact: same ETag

    async def test_a_note_without_done_at_marks_the_contact_now(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")
        contact = await create_contact(session, org, owner.user.id)
        before = datetime.now(UTC)

        response = await client.post(
            ACTIVITIES, json={"kind": "note", "subject": "Met", "links": [link(contact)]},
            headers=owner.headers,
        )  # fmt: skip

        assert response.status_code == 201, response.text
        stored = await reload(session, Contact, Contact.id == contact.id)
        assert stored.last_activity_at is not None and stored.last_activity_at >= before

    async def test_a_viewer_cannot_create(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        viewer = await create_member(session, settings, org, "viewer")

        response = await client.post(
            ACTIVITIES, json={"kind": "note", "subject": "No"}, headers=viewer.headers
        )

        assert response.status_code == 403
        assert await count(session, Activity) == 0

    async def test_an_assignee_outside_the_organization_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")
        stranger = await create_member(session, settings, await create_org(session))

        response = await client.post(
            ACTIVITIES,
            json={"kind": "task", "subject": "Do", "assignee_id": str(stranger.user.id)},
            headers=owner.headers,
        )

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["body", "assignee_id"]
        assert await count(session, Activity) == 0

    async def test_sales_may_assign_a_colleague_but_not_give_an_activity_away(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")
        colleague = await create_member(session, settings, org, "sales")
        other = str(colleague.user.id)

        assigned = await client.post(
            ACTIVITIES, json={"kind": "task", "subject": "Yours", "assignee_id": other},
            headers=sales.headers,
        )  # fmt: skip
        given = await client.post(
            ACTIVITIES, json={"kind": "task", "subject": "Gone", "owner_id": other},
            headers=sales.headers,
        )  # fmt: skip

        assert assigned.status_code == 201, assigned.text
        assert assigned.json()["data"]["owner"]["id"] == str(sales.user.id)
        assert given.status_code == 403, given.text
        assert await count(session, Activity) == 1


class TestVisibility:
    async def test_support_sees_only_what_they_own_or_are_assigned(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        support = await create_member(session, settings, org, "support")
        sales = await create_member(session, settings, org, "sales")
        own = await create_activity(session, org, support.user.id, kind="note")
        assigned = await create_activity(session, org, sales.user.id, assignee_id=support.user.id)
        hidden = await create_activity(session, org, sales.user.id)

        listed = await client.get(ACTIVITIES, headers=support.headers)
        one = await client.get(activity_url(hidden.id), headers=support.headers)
        complete = await client.post(activity_url(hidden.id, "complete"), headers=support.headers)

        assert listed.status_code == 200, listed.text
        assert {a["id"] for a in listed.json()["data"]} == {str(own.id), str(assigned.id)}
        assert one.status_code == 404 and complete.status_code == 404
        assert (await reload(session, Activity, Activity.id == hidden.id)).done_at is None

    async def test_a_sales_person_sees_their_own(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")
        colleague = await create_member(session, settings, org, "sales")
        own = await create_activity(session, org, sales.user.id, kind="call")
        theirs = await create_activity(session, org, colleague.user.id, kind="call")

        listed = await client.get(ACTIVITIES, headers=sales.headers)
        other = await client.get(activity_url(theirs.id), headers=sales.headers)

        assert [a["id"] for a in listed.json()["data"]] == [str(own.id)]
        assert other.status_code == 404

    async def test_a_viewer_reads_everything_but_changes_nothing(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        viewer = await create_member(session, settings, org, "viewer")
        sales = await create_member(session, settings, org, "sales")
        rows = [await create_activity(session, org, sales.user.id) for _ in range(2)]

        listed = await client.get(ACTIVITIES, headers=viewer.headers)
        complete = await client.post(activity_url(rows[0].id, "complete"), headers=viewer.headers)

        assert {a["id"] for a in listed.json()["data"]} == {str(r.id) for r in rows}
        assert complete.status_code == 403
        assert (await reload(session, Activity, Activity.id == rows[0].id)).done_at is None


class TestListActivities:
    async def test_filters_by_record_kind_and_open(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")
        company = await create_company(session, org, owner.user.id)
        on_company = await create_activity(session, org, owner.user.id, links=[company])
        done = await create_activity(
            session, org, owner.user.id, links=[company], done_at=datetime.now(UTC)
        )
        note = await create_activity(session, org, owner.user.id, kind="note")

        def ids(response: httpx.Response) -> set[str]:
            assert response.status_code == 200, response.text
            return {a["id"] for a in response.json()["data"]}

        record = f"company:{company.id}"
        by_filter = await client.get(
            ACTIVITIES, params={"filter[record][eq]": record}, headers=owner.headers
        )
        by_params = await client.get(
            ACTIVITIES, params={"record_kind": "company", "record_id": str(company.id),
                                "open": "true"}, headers=owner.headers,
        )  # fmt: skip
        notes = await client.get(
            ACTIVITIES, params={"filter[kind][eq]": "note"}, headers=owner.headers
        )

        assert ids(by_filter) == {str(on_company.id), str(done.id)}
        assert ids(by_params) == {str(on_company.id)}
        assert ids(notes) == {str(note.id)}

    async def test_a_malformed_record_filter_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")

        bad = await client.get(
            ACTIVITIES, params={"filter[record][eq]": "planet:42"}, headers=owner.headers
        )
        half = await client.get(ACTIVITIES, params={"record_kind": "lead"}, headers=owner.headers)

        assert bad.status_code == 422
        assert bad.json()["error"]["details"][0]["loc"] == ["query", "filter[record][eq]"]
        assert half.status_code == 422
        assert half.json()["error"]["details"][0]["loc"] == ["query", "record_id"]

    async def test_pages_newest_first(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")
        rows = [await create_activity(session, org, owner.user.id) for _ in range(3)]

        first = await client.get(ACTIVITIES, params={"limit": 2}, headers=owner.headers)
        cursor = first.json()["meta"]["next_cursor"]
        second = await client.get(
            ACTIVITIES, params={"limit": 2, "cursor": cursor}, headers=owner.headers
        )

        seen = [a["id"] for a in first.json()["data"] + second.json()["data"]]
        assert seen == [str(r.id) for r in reversed(rows)]
        assert second.json()["meta"]["next_cursor"] is None


class TestUpdateActivity:
    async def test_changes_fields_and_replaces_links_with_if_match(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")
        old, new = await create_company(session, org), await create_company(session, org)
        row = await create_activity(session, org, owner.user.id, links=[old])
        body = {"subject": "Renamed", "links": [link(new)]}

        missing = await client.patch(activity_url(row.id), json=body, headers=owner.headers)
        stale = await client.patch(
            activity_url(row.id), json=body, headers=owner.headers | if_match(9)
        )
        response = await client.patch(
            activity_url(row.id), json=body, headers=owner.headers | if_match(1)
        )

        assert (missing.status_code, stale.status_code) == (428, 412)
        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert data["subject"] == "Renamed" and data["version"] == 2
        assert data["links"] == [{"record_kind": "company", "record_id": str(new.id)}]
        [event] = await events_of(session, org, "activity.updated")
        assert event.changes["subject"]["after"] == "Renamed"
        assert event.changes["links"] == {
            "before": [f"company:{old.id}"],
            "after": [f"company:{new.id}"],
        }

    async def test_a_foreign_link_is_422_and_changes_nothing(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")
        foreign = await create_company(session, await create_org(session))
        row = await create_activity(session, org, owner.user.id, subject="Before")

        response = await client.patch(
            activity_url(row.id), json={"subject": "After", "links": [link(foreign)]},
            headers=owner.headers | if_match(1),
        )  # fmt: skip

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["body", "links", 0]
        stored = await reload(session, Activity, Activity.id == row.id)
        assert (stored.subject, stored.version) == ("Before", 1)
        assert await count(session, ActivityLink) == 0


class TestCompleteAndReopen:
    async def test_complete_then_reopen(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")
        row = await create_activity(session, org, sales.user.id)

        done = await client.post(activity_url(row.id, "complete"), headers=sales.headers)
        again = await client.post(activity_url(row.id, "complete"), headers=sales.headers)
        reopened = await client.post(activity_url(row.id, "reopen"), headers=sales.headers)

        assert done.status_code == 200, done.text
        assert done.json()["data"]["done_at"] is not None
        assert done.headers["etag"] == '"2"'
        assert again.json()["data"]["done_at"] == done.json()["data"]["done_at"]
        assert reopened.json()["data"]["done_at"] is None
        assert reopened.headers["etag"] == '"3"'
        assert len(await events_of(session, org, "activity.completed")) == 1
        [event] = await events_of(session, org, "activity.reopened")
        assert event.changes["done_at"]["after"] is None

    async def test_a_stale_if_match_is_412(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")
        row = await create_activity(session, org, owner.user.id)

        response = await client.post(
            activity_url(row.id, "complete"), headers=owner.headers | if_match(5)
        )

        assert response.status_code == 412
        assert (await reload(session, Activity, Activity.id == row.id)).done_at is None


class TestDeleteAndRestore:
    async def test_delete_needs_if_match_and_restore_brings_it_back(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")
        row = await create_activity(session, org, owner.user.id)

        missing = await client.delete(activity_url(row.id), headers=owner.headers)
        deleted = await client.delete(activity_url(row.id), headers=owner.headers | if_match(1))
        gone = await client.get(activity_url(row.id), headers=owner.headers)
        restored = await client.post(activity_url(row.id, "restore"), headers=owner.headers)
        again = await client.post(activity_url(row.id, "restore"), headers=owner.headers)

        assert (missing.status_code, deleted.status_code, gone.status_code) == (428, 204, 404)
        assert restored.status_code == 200, restored.text
        assert again.status_code == 404
        assert len(await events_of(session, org, "activity.deleted")) == 1


class TestLinksToHiddenRecords:
    async def test_are_not_shown_and_survive_an_edit_of_the_links(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")
        colleague = await create_member(session, settings, org, "sales")
        hidden_lead = await create_lead(session, org, colleague.user.id)
        company = await create_company(session, org, sales.user.id)
        activity = await create_activity(
            session, org, sales.user.id, kind="note", links=[hidden_lead, company]
        )

        shown = await client.get(activity_url(activity.id), headers=sales.headers)
        other = await create_company(session, org, sales.user.id)
        edited = await client.patch(
            activity_url(activity.id),
            json={"links": [link(other)]},
            headers={**sales.headers, **if_match(shown.json()["data"]["version"])},
        )

        assert [x["record_id"] for x in shown.json()["data"]["links"]] == [str(company.id)]
        assert edited.status_code == 200, edited.text
        assert [x["record_id"] for x in edited.json()["data"]["links"]] == [str(other.id)]
        stored = await count(
            session, ActivityLink, ActivityLink.activity_id == activity.id,
            ActivityLink.record_id == hidden_lead.id,
        )  # fmt: skip
        assert stored == 1

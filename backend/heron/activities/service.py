"""Activities: what was done (notes, calls, meetings, e-mails) and what is to do (tasks).

"Own" activities are those the caller owns or is assigned, so an activity may not leave the
caller's write scope through its own create or update: a Sales person can hand a task to a
colleague while keeping it (as owner), but cannot give it away entirely by accident of role.
Links name records of other kinds; each must be visible to the caller (422 otherwise).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from heron.activities.repository import ActivityRepository, linked_to
from heron.activities.schemas import (
    LOGGED_KINDS,
    ActivityCreate,
    ActivityOut,
    ActivityUpdate,
    TaskDue,
    TaskStatus,
)
from heron.auth.access import Access
from heron.events import service as events
from heron.kit.envelope import CursorMeta
from heron.kit.errors import NotFound, PermissionDenied, ValidationFailed
from heron.kit.pagination import CursorParams
from heron.kit.sqljson import as_list
from heron.kit.versioning import check_version
from heron.models import Activity, RecordKind
from heron.models.base import utcnow
from heron.records.related import Related
from heron.records.visibility import assert_within_scope, within_scope
from heron.roles.matrix import Action, Scope, scope_for

EVENT_FIELDS = (
    "kind", "subject", "body", "due_at", "done_at", "duration_minutes", "outcome",
    "owner_id", "assignee_id",
)  # fmt: skip
NOT_FOUND = "No activity with this id in your organization."
Link = tuple[str, uuid.UUID]


async def read_activities(
    repo: ActivityRepository,
    rows: Sequence[Activity],
    related: Mapping[uuid.UUID, Related] | None = None,
) -> list[ActivityOut]:
    """The read models of ``rows``; their people and visible links come with them
    (``related``) or are read in one query."""
    if related is None:
        related = await repo.related_of([r.id for r in rows])
    return [activity_out(r, related.get(r.id, {})) for r in rows]


def activity_out(r: Activity, related: Related) -> ActivityOut:
    # Plain values validated once, as ContactService.out.
    links = sorted(as_list(related.get("links")), key=_link_order)
    return ActivityOut.model_validate(
        {
            "id": r.id,
            "kind": r.kind,
            "subject": r.subject,
            "body": r.body,
            "due_at": r.due_at,
            "done_at": r.done_at,
            "duration_minutes": r.duration_minutes,
            "outcome": r.outcome,
            "owner": related.get("owner"),
            "assignee": related.get("assignee"),
            "created_by": related.get("created_by"),
            "links": links,
            "version": r.version,
            "created_at": r.created_at,
            "updated_at": r.updated_at,
        }
    )


def _link_order(link: dict[str, Any]) -> str:
    # The order the links were made in: their ids, in one database's one spelling.
    return str(link["link"])


class ActivityService:
    def __init__(self, session: AsyncSession, access: Access) -> None:
        self.session = session
        self.access = access
        self.subject = access.subject
        self.repo = ActivityRepository(session, access.subject)

    def scope(self, action: Action) -> Scope:
        return scope_for(self.subject.role, "activity", action)

    # Reading
    async def get(self, id_: uuid.UUID) -> Activity:
        return await self.repo.get_or_404(id_, NOT_FOUND)

    async def read(self, rows: Sequence[Activity]) -> list[ActivityOut]:
        return await read_activities(self.repo, rows)

    async def one(self, row: Activity) -> ActivityOut:
        return (await self.read([row]))[0]

    async def page(
        self,
        query: QueryParams,
        sort: str | None,
        page: CursorParams,
        *,
        record: Link | None = None,
        open_: bool | None = None,
    ) -> tuple[list[ActivityOut], CursorMeta]:
        """One keyset page of the activities the caller may see."""
        extra: list[Any] = []
        if record is not None:
            extra.append(linked_to(self.subject.org_id, *record))
        if open_ is not None:
            extra.append(Activity.done_at.is_(None) if open_ else Activity.done_at.is_not(None))
        rows, related, meta = await self.repo.list_page(query, sort, page, extra)
        return await read_activities(self.repo, rows, related), meta

    async def tasks(
        self, assignee: str, due: TaskDue, status: TaskStatus, page: CursorParams
    ) -> tuple[list[ActivityOut], CursorMeta]:
        """The "my tasks" list: tasks of an assignee, soonest due first."""
        where: list[Any] = []
        assignee_id = await self._assignee(assignee)
        if assignee_id is not None:
            where.append(Activity.assignee_id == assignee_id)
        if status is TaskStatus.open:
            where.append(Activity.done_at.is_(None))
        elif status is TaskStatus.done:
            where.append(Activity.done_at.is_not(None))
        where += due_clauses(due, utcnow(), await self._time_zone())
        rows, related, meta = await self.repo.tasks_page(where, page)
        return await read_activities(self.repo, rows, related), meta

    async def _assignee(self, text: str) -> uuid.UUID | None:
        if text == "any":
            return None
        if text == "me":
            return self.subject.person_id
        try:
            user_id = uuid.UUID(text)
        except ValueError:
            raise ValidationFailed.field(
                ("query", "assignee"), "Give me, any, or the id of a member."
            ) from None
        if not await self.repo.member_ids([user_id]):
            raise ValidationFailed.field(
                ("query", "assignee"), f"Not a member of your organization: {user_id}."
            )
        return user_id

    async def _time_zone(self) -> ZoneInfo:
        name = await self.repo.org_time_zone()
        try:
            return ZoneInfo(name or "UTC")
        except (ZoneInfoNotFoundError, ValueError):  # validated on write; old rows fall back
            return ZoneInfo("UTC")

    # Changing
    async def create(self, body: ActivityCreate) -> Activity:
        """A new activity, owned by the caller unless another member is named."""
        values = body.model_dump(exclude_unset=True)
        links = _links(values.pop("links", None))
        values["owner_id"] = values.get("owner_id") or self.subject.person_id
        if body.kind == "task" and "assignee_id" not in values:
            values["assignee_id"] = values["owner_id"]
        row = Activity(org_id=self.subject.org_id, created_by_id=self.subject.person_id, **values)
        self._assert_keeps_in_scope(row, Action.create)
        await self._assert_members(values)
        await self._assert_links(links)
        await self.repo.add(row)
        await self.repo.replace_links(row, links)
        changes = events.snapshot(row, EVENT_FIELDS) | {"links": _link_texts(links)}
        await self._record("activity.created", row.id, changes)
        await self._log_on_contacts(row, links)
        return row

    async def update(self, id_: uuid.UUID, body: ActivityUpdate, expected: int | None) -> Activity:
        """Change some fields (and optionally the links) of an activity."""
        row = await self.get(id_)
        self._assert_may_change(row, Action.update)
        values = body.model_dump(exclude_unset=True)
        links = _links(values.pop("links")) if "links" in values else None
        people = {f: values.get(f, getattr(row, f)) for f in ("owner_id", "assignee_id")}
        self._assert_keeps_in_scope(Activity(**people), Action.update)
        await self.check_version(row, expected)
        # Every check (and query) before the first change, so the row is flushed once.
        await self._assert_members({f: v for f, v in values.items() if f in people})
        shown = (await self.repo.links_of([row.id], visible_only=True))[row.id]
        old_links = [(k.record_kind, k.record_id) for k in shown]
        if links is not None and set(links) == set(old_links):
            links = None
        if links is not None:
            await self._assert_links(links)
            # Links to records the caller cannot see were not shown to them: they stay.
            stored = (await self.repo.links_of([row.id]))[row.id]
            hidden = [(k.record_kind, k.record_id) for k in stored]
            hidden = [x for x in hidden if x not in set(old_links)]
        before = events.snapshot(row, EVENT_FIELDS)
        for field, value in values.items():
            setattr(row, field, value)
        changes = events.diff(before, events.snapshot(row, EVENT_FIELDS))
        if links is not None:
            changes["links"] = {"before": _link_texts(old_links), "after": _link_texts(links)}
            row.updated_at = utcnow()  # links are not a column: move the version all the same
        if changes:
            await self.repo.flush()
            await self._record("activity.updated", row.id, changes)
        if links is not None:
            await self.repo.replace_links(row, [*links, *hidden])
            await self._log_on_contacts(row, [x for x in links if x not in old_links])
        return row

    async def delete(self, id_: uuid.UUID, expected: int | None) -> None:
        """Move an activity to the trash."""
        row = await self.get(id_)
        self._assert_may_change(row, Action.delete)
        await self.check_version(row, expected)
        await self.repo.soft_delete(row, self.subject.person_id)
        await self._record("activity.deleted", row.id, events.snapshot(row, EVENT_FIELDS))

    async def restore(self, id_: uuid.UUID) -> Activity:
        """Bring an activity back from the trash."""
        row = await self.repo.get_trashed(id_)
        if row is None:
            raise NotFound("No activity with this id in your trash.")
        await self.repo.restore(row)
        await self._record("activity.restored", row.id, {})
        return row

    async def complete(self, id_: uuid.UUID, expected: int | None) -> Activity:
        """Mark done now; an activity already done stays as it is."""
        row = await self.get(id_)
        self._assert_may_change(row, Action.update)
        await self.check_version(row, expected, required=False)
        if row.done_at is None:
            row.done_at = utcnow()
            await self.repo.flush()
            done = {"before": None, "after": row.done_at.isoformat()}
            await self._record("activity.completed", row.id, {"done_at": done})
        return row

    async def reopen(self, id_: uuid.UUID, expected: int | None) -> Activity:
        """Open a done activity again (clears when it was done)."""
        row = await self.get(id_)
        self._assert_may_change(row, Action.update)
        await self.check_version(row, expected, required=False)
        if row.done_at is not None:
            done = row.done_at.isoformat()
            row.done_at = None
            await self.repo.flush()
            await self._record(
                "activity.reopened", row.id, {"done_at": {"before": done, "after": None}}
            )
        return row

    async def check_version(
        self, row: Activity, expected: int | None, required: bool = True
    ) -> None:
        """412 with the current activity when ``expected`` is stale; 428 when it is missing
        and required."""
        current = None
        if expected is not None and expected != row.version:
            current = (await self.one(row)).model_dump(mode="json")
        check_version(row.version, expected, current_record=current, required=required)

    # Rules
    def _assert_may_change(self, row: Activity, action: Action) -> None:
        scope = self.scope(action)
        if scope is Scope.none:
            raise PermissionDenied()
        assert_within_scope(row, self.subject, scope, "activities")

    def _assert_keeps_in_scope(self, row: Activity, action: Action) -> None:
        """The activity must stay one the caller may change (owned or assigned within their
        scope), or they would lose sight of what they just wrote."""
        scope = self.scope(Action.update) if action is Action.create else self.scope(action)
        if within_scope(row, self.subject, scope):
            return
        whose = "your team" if scope is Scope.team else "you"
        raise PermissionDenied(
            f"Your role may write only activities owned by or assigned to {whose}."
        )

    async def _assert_members(self, values: dict[str, Any]) -> None:
        named = {f: values.get(f) for f in ("owner_id", "assignee_id") if values.get(f)}
        members = await self.repo.member_ids(named.values())
        for field, user_id in named.items():
            if user_id not in members:
                raise ValidationFailed.field(
                    ("body", field), f"Not a member of your organization: {user_id}."
                )

    async def _assert_links(self, links: Sequence[Link]) -> None:
        """422 on the first link to a record the caller cannot see (another organization's,
        deleted, or outside their read scope of that kind): nothing is written."""
        by_kind: dict[str, list[uuid.UUID]] = {}
        for kind, record_id in links:
            by_kind.setdefault(kind, []).append(record_id)
        visible = {
            kind: await self.repo.records.visible_ids(kind, ids) for kind, ids in by_kind.items()
        }
        for index, (kind, record_id) in enumerate(links):
            if record_id not in visible[kind]:
                raise ValidationFailed.field(
                    ("body", "links", index),
                    f"No {kind} with id {record_id} that you can see in your organization.",
                )

    async def _log_on_contacts(self, row: Activity, links: Sequence[Link]) -> None:
        """A note, call, meeting or e-mail on a contact is that contact's latest activity."""
        if row.kind not in LOGGED_KINDS:
            return
        contacts = [record_id for kind, record_id in links if kind == RecordKind.contact]
        await self.repo.records.touch_contacts(contacts, row.done_at or utcnow())

    async def _record(self, type_: str, id_: uuid.UUID, changes: dict[str, Any]) -> None:
        await events.record(
            self.session,
            org_id=self.subject.org_id,
            type=type_,
            entity="activity",
            entity_id=id_,
            subject=self.subject,
            changes=changes,
        )


def _links(items: list[dict[str, Any]] | None) -> list[Link]:
    """The links as (kind, id), duplicates dropped, in the order given."""
    pairs = [(RecordKind(i["record_kind"]).value, i["record_id"]) for i in items or []]
    return list(dict.fromkeys(pairs))


def _link_texts(links: Sequence[Link]) -> list[str]:
    return [f"{kind}:{record_id}" for kind, record_id in links]


def due_clauses(due: TaskDue, now: datetime, zone: ZoneInfo) -> list[Any]:
    """The bucket ``due`` as WHERE clauses. "Today" ends at midnight in the organization's
    time zone, and "week" at midnight 7 days later, not at midnight UTC."""
    local = now.astimezone(zone).date()
    tonight = _midnight(local + timedelta(days=1), zone)
    week_end = _midnight(local + timedelta(days=8), zone)
    col = Activity.due_at
    buckets: dict[TaskDue, list[Any]] = {
        TaskDue.overdue: [col < now],
        TaskDue.today: [col >= now, col < tonight],
        TaskDue.week: [col >= tonight, col < week_end],
        TaskDue.later: [col >= week_end],
        TaskDue.none: [col.is_(None)],
        TaskDue.all: [],
    }
    return buckets[due]


def _midnight(day: Any, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)

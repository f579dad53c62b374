"""Every query of activities and their links, and the look-ups of the records they link to."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from heron.kit.envelope import CursorMeta
from heron.kit.errors import ValidationFailed
from heron.kit.filtering import (
    EQUALITY,
    FilterField,
    Op,
    choice_field,
    ordered_field,
    parse_filters,
)
from heron.kit.memo import Memo
from heron.kit.pagination import (
    Bound,
    CursorParams,
    keyset_rows,
    newest_first,
    newest_first_params,
)
from heron.kit.repository import OrgScopedRepository
from heron.kit.sorting import SortKey, parse_sort
from heron.kit.sqljson import json_list, json_list_agg, json_object
from heron.kit.subject import Subject
from heron.models import (
    Activity,
    ActivityLink,
    Company,
    Contact,
    Deal,
    Lead,
    Membership,
    Organization,
)
from heron.models.base import utcnow
from heron.models.record import RecordKind
from heron.records.related import Related, person_json, related_rows, split
from heron.records.repository import visible_record_exists, visible_records_clause
from heron.records.visibility import visible_clause
from heron.roles.matrix import Action, scope_for

# The model of each kind of record an activity can be about (tickets and projects later).
RECORD_MODELS: dict[str, Any] = {
    RecordKind.company: Company,
    RecordKind.contact: Contact,
    RecordKind.lead: Lead,
    RecordKind.deal: Deal,
}


def parse_record_ref(text: str, loc: Sequence[str | int]) -> tuple[str, uuid.UUID]:
    """``"company:<uuid>"`` -> ("company", UUID); 422 at ``loc`` otherwise."""
    kind, _, raw_id = text.partition(":")
    try:
        record_id = uuid.UUID(raw_id)
    except ValueError:
        record_id = None
    if kind not in RECORD_MODELS or record_id is None:
        kinds = ", ".join(RECORD_MODELS)
        raise ValidationFailed.field(
            loc, f"Give a record as <kind>:<id>, the kind one of {kinds}, e.g. company:<uuid>."
        )
    return kind, record_id


class RecordLookup:
    """Records of other kinds, as the caller may see them: their organization, not deleted,
    and within the caller's read scope of that kind."""

    def __init__(self, session: AsyncSession, subject: Subject) -> None:
        self.session = session
        self.subject = subject

    def visible(self, kind: str) -> Select[Any]:
        model = RECORD_MODELS[kind]
        stmt = select(model.id).where(
            model.org_id == self.subject.org_id, model.deleted_at.is_(None)
        )
        where = visible_clause(model, self.subject, scope_for(self.subject.role, kind, Action.read))
        return stmt if where is None else stmt.where(where)

    async def visible_ids(self, kind: str, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
        wanted = set(ids)
        if not wanted:
            return set()
        model = RECORD_MODELS[kind]
        return set(await self.session.scalars(self.visible(kind).where(model.id.in_(wanted))))

    async def is_visible(self, kind: str, record_id: uuid.UUID) -> bool:
        return bool(await self.visible_ids(kind, [record_id]))

    async def touch_contacts(self, contact_ids: Iterable[uuid.UUID], at: datetime) -> None:
        """Move the contacts' last activity forward to ``at`` (never back). A plain UPDATE, so
        the contact's version (its ETag) stays: logging a call is not an edit of the contact."""
        ids = set(contact_ids)
        if not ids:
            return
        await self.session.execute(
            update(Contact)
            .where(
                Contact.org_id == self.subject.org_id,
                Contact.id.in_(ids),
                or_(Contact.last_activity_at.is_(None), Contact.last_activity_at < at),
            )
            .values(last_activity_at=at)
            .execution_options(synchronize_session=False)
        )


def linked_to(org_id: uuid.UUID, kind: str, record_id: Any) -> Any:
    """The clause "linked to this record" (``record_id`` an id or a bound parameter)."""
    links = select(ActivityLink.activity_id).where(
        ActivityLink.org_id == org_id,
        ActivityLink.record_kind == kind,
        ActivityLink.record_id == record_id,
    )
    return Activity.id.in_(links)


# Statements built once per caller's visibility and kind (ActivityRepository.linked_newest).
_statements: Memo[tuple[Select[Any], tuple[str, ...]]] = Memo(bound=4_096)

FILTERS: dict[str, FilterField] = {
    "kind": choice_field(Activity.kind, ["note", "call", "meeting", "email", "task"]),
    "owner_id": FilterField(Activity.owner_id, "uuid", EQUALITY),
    "assignee_id": FilterField(Activity.assignee_id, "uuid", EQUALITY),
    "due_at": ordered_field(Activity.due_at, "datetime"),
    "done_at": ordered_field(Activity.done_at, "datetime"),
    "created_at": ordered_field(Activity.created_at, "datetime"),
}
SORTS = {
    "created_at": Activity.created_at,
    "due_at": Activity.due_at,
    "done_at": Activity.done_at,
    "updated_at": Activity.updated_at,
}
TASK_ORDER = [SortKey("due_at", Activity.due_at), SortKey("id", Activity.id)]


class ActivityRepository(OrgScopedRepository[Activity]):
    """Every query of activities starts here: the organization, not deleted, and owned by or
    assigned to someone within the caller's read scope."""

    model = Activity

    def __init__(self, session: AsyncSession, subject: Subject) -> None:
        super().__init__(session, subject)
        self.records = RecordLookup(session, subject)

    def base(self) -> Select[Any]:
        stmt = super().base().where(Activity.deleted_at.is_(None))
        scope = scope_for(self.subject.role, "activity", Action.read)
        where = visible_clause(Activity, self.subject, scope)
        return stmt if where is None else stmt.where(where)

    def trashed(self) -> Select[Any]:
        """Deleted activities the caller could have deleted."""
        stmt = super().base().where(Activity.deleted_at.is_not(None))
        scope = scope_for(self.subject.role, "activity", Action.delete)
        where = visible_clause(Activity, self.subject, scope)
        return stmt if where is None else stmt.where(where)

    async def get_trashed(self, id_: uuid.UUID) -> Activity | None:
        row: Activity | None = await self.session.scalar(self.trashed().where(Activity.id == id_))
        return row

    async def member_ids(self, ids: Iterable[uuid.UUID | None]) -> set[uuid.UUID]:
        """Those of ``ids`` who are members of the organization."""
        wanted = {i for i in ids if i is not None}
        if not wanted:
            return set()
        rows = await self.session.scalars(
            select(Membership.user_id).where(
                Membership.org_id == self.org_id, Membership.user_id.in_(wanted)
            )
        )
        return set(rows)

    async def org_time_zone(self) -> str | None:
        return await self.session.scalar(
            select(Organization.time_zone).where(Organization.id == self.org_id)
        )

    # Links
    async def links_of(
        self, ids: Sequence[uuid.UUID], *, visible_only: bool = False
    ) -> dict[uuid.UUID, list[ActivityLink]]:
        """The links of the activities ``ids``; ``visible_only``: only those to live records
        the caller may see (what is shown: an id of a hidden record must not be)."""
        found: dict[uuid.UUID, list[ActivityLink]] = {i: [] for i in ids}
        if not ids:
            return found
        stmt = select(ActivityLink).where(
            ActivityLink.org_id == self.org_id, ActivityLink.activity_id.in_(set(ids))
        )
        if visible_only:
            stmt = stmt.where(
                visible_records_clause(
                    self.session, self.subject, ActivityLink.record_kind, ActivityLink.record_id
                )
            )
        rows = await self.session.scalars(stmt.order_by(ActivityLink.id))
        for link in rows:
            found[link.activity_id].append(link)
        return found

    async def replace_links(
        self, activity: Activity, links: Sequence[tuple[str, uuid.UUID]]
    ) -> None:
        old = (await self.links_of([activity.id]))[activity.id]
        keep = set(links)
        for link in old:
            if (link.record_kind, link.record_id) not in keep:
                await self.session.delete(link)
        have = {(link.record_kind, link.record_id) for link in old}
        for kind, record_id in links:
            if (kind, record_id) not in have:
                self.session.add(
                    ActivityLink(
                        org_id=self.org_id,
                        activity_id=activity.id,
                        record_kind=kind,
                        record_id=record_id,
                    )
                )
        await self.session.flush()

    # Lists
    def filters(self) -> dict[str, FilterField]:
        """What ``filter[...]`` accepts: the columns, and ``record`` as ``<kind>:<id>``."""

        def record(op: Op, value: Any) -> Any:
            loc = ("query", f"filter[record][{op.value}]")
            values = value if isinstance(value, list) else [value]
            return or_(*(linked_to(self.org_id, *parse_record_ref(v, loc)) for v in values))

        return {
            **FILTERS,
            "record": FilterField(Activity.id, "str", frozenset({Op.eq, Op.in_}), build=record),
        }

    # What the read model shows besides the columns (heron/records/related.py)
    def related_columns(self) -> dict[str, Any]:
        links = json_list(
            select(
                json_list_agg(
                    json_object(
                        "record_kind", ActivityLink.record_kind,
                        "record_id", ActivityLink.record_id,
                        "link", ActivityLink.id,
                    )
                )
            ).where(
                ActivityLink.org_id == self.org_id,
                ActivityLink.activity_id == Activity.id,
                # Only links to live records the caller may see: a hidden record's id must
                # not be shown.
                visible_record_exists(
                    self.session, self.subject, ActivityLink.record_kind, ActivityLink.record_id
                ),
            )
        )  # fmt: skip
        return {
            "owner": person_json(Activity.owner_id),
            "assignee": person_json(Activity.assignee_id),
            "created_by": person_json(Activity.created_by_id),
            "links": links,
        }

    async def related_of(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Related]:
        return await related_rows(self.session, Activity, self.org_id, ids, self.related_columns())

    async def _page(
        self, stmt: Select[Any], keys: Sequence[SortKey], page: CursorParams
    ) -> tuple[list[Activity], dict[uuid.UUID, Related], CursorMeta]:
        columns = self.related_columns()
        rows, meta = await keyset_rows(
            self.session, stmt, keys, page, [c.label(n) for n, c in columns.items()]
        )
        found, related = split(rows, columns)
        return found, related, meta

    async def list_page(
        self, query: QueryParams, sort: str | None, page: CursorParams, extra: Sequence[Any]
    ) -> tuple[list[Activity], dict[uuid.UUID, Related], CursorMeta]:
        """One keyset page of the visible activities matching ``filter[...]`` and ``extra``,
        with their related columns."""
        stmt = self.base().where(*extra)
        where = parse_filters(query, self.filters())
        if where is not None:
            stmt = stmt.where(where)
        keys = parse_sort(sort, SORTS, "-created_at", Activity.id)
        return await self._page(stmt, keys, page)

    async def tasks_page(
        self, where: Sequence[Any], page: CursorParams
    ) -> tuple[list[Activity], dict[uuid.UUID, Related], CursorMeta]:
        """Visible tasks matching ``where``, soonest due first (no due time last)."""
        stmt = self.base().where(Activity.kind == "task", *where)
        return await self._page(stmt, TASK_ORDER, page)

    async def linked_newest(
        self,
        kind: str,
        record_id: uuid.UUID,
        after: Bound | None,
        limit: int,
    ) -> tuple[list[Activity], dict[uuid.UUID, Related]]:
        """Visible activities linked to a record, newest first, strictly after ``after``, with
        their related columns. The statement is built once per caller's visibility and kind
        (a timeline's, for every record of the kind) and bound to this record and page."""
        key = ("linked_newest", self.subject.visibility, kind, after is not None)
        stmt, names = _statements.get(key, lambda: self._linked_newest(kind, after is not None))
        params = newest_first_params(after, limit) | {"record_id": record_id}
        return split(list(await self.session.execute(stmt, params)), names)

    def _linked_newest(self, kind: str, paged: bool) -> tuple[Select[Any], tuple[str, ...]]:
        record = bindparam("record_id", type_=ActivityLink.record_id.type)
        columns = self.related_columns()
        stmt = (
            self.base()
            .where(linked_to(self.org_id, kind, record))
            .add_columns(*(c.label(n) for n, c in columns.items()))
        )
        return newest_first(stmt, Activity, paged=paged), tuple(columns)

    # Writes
    async def soft_delete(self, row: Activity, by: uuid.UUID | None) -> None:
        row.deleted_at = utcnow()
        row.deleted_by_id = by
        await self.session.flush()

    async def restore(self, row: Activity) -> None:
        row.deleted_at = None
        row.deleted_by_id = None
        await self.session.flush()

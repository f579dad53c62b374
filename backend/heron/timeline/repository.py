"""The queries of a record's timeline that are not activities': its events, and who acted."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Select, bindparam, case, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.kit.memo import Memo
from heron.kit.pagination import Bound, newest_first, newest_first_params
from heron.kit.repository import Repository
from heron.kit.sqljson import as_list, json_list, json_list_agg
from heron.kit.subject import Subject
from heron.models import ApiKey, Event
from heron.records.related import person_json, person_ref
from heron.records.schemas import PersonRef

# A bound on the records whose history one timeline shows (merges of merges).
MAX_MERGED = 100
_MERGED_ID = Event.changes["merged_id"].as_string()
# The timeline's statements, built once per caller's visibility (or organization) and kind,
# and bound to the record, the cursor and the limit on each request: building them took
# more Python than the database takes to run them (docs/performance.md).
_statements: Memo[Select[Any]] = Memo(bound=4_096)


class TimelineRepository(Repository):
    def __init__(self, session: AsyncSession, subject: Subject) -> None:
        super().__init__(session)
        self.subject = subject
        self.org_id = subject.org_id

    def _merges(self, kind: str, survivors: Any) -> list[Any]:
        """Conditions on the events that name a record merged into one of ``survivors`` (each
        merge left a ``<kind>.merged`` event on its survivor, ``merged_id`` in its changes)."""
        return [
            Event.org_id == self.org_id,
            Event.entity == kind,
            Event.entity_id.in_(survivors),
            Event.type == f"{kind}.merged",
        ]

    async def visible_and_merged(
        self, visible: Callable[[str], Select[Any]], kind: str, record_id: uuid.UUID
    ) -> tuple[bool, list[uuid.UUID]]:
        """Whether the record is among ``visible(kind)`` (the ids of its kind the caller may
        see), and the records merged into it: one query."""

        def build() -> Select[Any]:
            ids = visible(kind)
            model = ids.column_descriptions[0]["entity"]
            record = bindparam("record_id", type_=model.id.type)
            merged = json_list(
                select(json_list_agg(_MERGED_ID)).where(*self._merges(kind, [record]))
            )
            return select(exists(ids.where(model.id == record)), merged)

        stmt = _statements.get(("visible", self.subject.visibility, kind), build)
        found, ids = (await self.session.execute(stmt, {"record_id": record_id})).one()
        return bool(found), _ids(as_list(ids))

    async def merged_into(
        self, kind: str, record_id: uuid.UUID, merged: list[uuid.UUID]
    ) -> list[uuid.UUID]:
        """The record, the records ``merged`` into it, those merged into them, and so on."""
        found = [record_id]
        frontier = [m for m in merged if m not in found]
        found += frontier
        while frontier and len(found) < MAX_MERGED:
            rows = await self.session.scalars(
                select(_MERGED_ID).where(*self._merges(kind, frontier))
            )
            frontier = [m for m in _ids(rows) if m not in found]
            found += frontier
        return found[:MAX_MERGED]

    async def events_newest(
        self,
        kind: str,
        record_ids: Sequence[uuid.UUID],
        after: Bound | None,
        limit: int,
    ) -> tuple[list[Event], dict[uuid.UUID, PersonRef | None]]:
        """The events of some records (one, and those merged into it), newest first,
        strictly after ``after``; and who acted in each (an API key acts for its creator)."""
        key = ("events", self.org_id, kind, after is not None)
        stmt = _statements.get(key, lambda: self._events(kind, paged=after is not None))
        params = newest_first_params(after, limit) | {"record_ids": list(record_ids)}
        rows = list(await self.session.execute(stmt, params))
        return [e for e, _ in rows], {e.id: person_ref(actor) for e, actor in rows}

    def _events(self, kind: str, *, paged: bool) -> Select[Any]:
        key_creator = (
            select(ApiKey.created_by_id)
            .where(ApiKey.org_id == self.org_id, ApiKey.id == Event.actor_id)
            # Nested in person_json's subquery, two levels below the events it reads: without
            # naming them it would read every event (a cross join), not this row's.
            .correlate(Event)
            .scalar_subquery()
        )
        person = case((Event.actor_type == "api_key", key_creator), else_=Event.actor_id)
        stmt = select(Event, person_json(person)).where(
            Event.org_id == self.org_id,
            Event.entity == kind,
            Event.entity_id.in_(bindparam("record_ids", expanding=True)),
        )
        return newest_first(stmt, Event, paged=paged)


def _ids(values: Iterable[Any]) -> list[uuid.UUID]:
    found = []
    for value in values:
        try:
            found.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return found

"""Queries of the event record."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from heron.kit.filtering import FilterField, choice_field, ordered_field, parse_filters, text_field
from heron.kit.pagination import CursorParams, keyset_paginate
from heron.kit.sorting import parse_sort
from heron.kit.subject import Subject
from heron.models.event import Event

FILTERS: dict[str, FilterField] = {
    "type": text_field(Event.type),
    "entity": text_field(Event.entity),
    "entity_id": FilterField(Event.entity_id, "uuid"),
    "actor_type": choice_field(Event.actor_type, ["user", "api_key", "system"]),
    "actor_id": FilterField(Event.actor_id, "uuid"),
    "created_at": ordered_field(Event.created_at, "datetime"),
}
SORTS = {"created_at": Event.created_at}


class EventRepository:
    def __init__(self, session: AsyncSession, subject: Subject) -> None:
        self.session = session
        self.subject = subject

    def base(self) -> Select[Any]:
        return select(Event).where(Event.org_id == self.subject.org_id)

    async def list(
        self, query: QueryParams, sort: str | None, page: CursorParams
    ) -> tuple[list[Event], Any]:
        stmt = self.base()
        where = parse_filters(query, FILTERS)
        if where is not None:
            stmt = stmt.where(where)
        keys = parse_sort(sort, SORTS, "-created_at", Event.id)
        return await keyset_paginate(self.session, stmt, keys, page)

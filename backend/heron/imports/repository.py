"""Every query of imports, inside the caller's organization and what their scope shows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, false, true
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from heron.kit.envelope import CursorMeta
from heron.kit.filtering import FilterField, choice_field, ordered_field, parse_filters
from heron.kit.pagination import CursorParams, keyset_paginate
from heron.kit.repository import OrgScopedRepository
from heron.kit.sorting import parse_sort
from heron.kit.subject import Subject
from heron.models import DataImport, ImportState
from heron.records.visibility import people_in_scope
from heron.roles.matrix import Action, Scope, scope_for

FILTERS: dict[str, FilterField] = {
    "kind": choice_field(DataImport.kind, ["contact", "company", "lead"]),
    "state": choice_field(DataImport.state, list(ImportState.ALL)),
    "created_at": ordered_field(DataImport.created_at, "datetime"),
}
SORTS = {"created_at": DataImport.created_at}


def visibility(subject: Subject, scope: Scope) -> ColumnElement[bool]:
    """The imports ``scope`` reaches: all, the team's, or those the caller started."""
    people = people_in_scope(subject, scope)
    if people is None:
        return true()
    if not people:
        return false()
    return DataImport.created_by_id.in_(people)


class ImportRepository(OrgScopedRepository[DataImport]):
    model = DataImport

    def __init__(self, session: AsyncSession, subject: Subject) -> None:
        super().__init__(session, subject)
        self.read_scope = scope_for(subject.role, "import", Action.read)

    def base(self) -> Select[Any]:
        return super().base().where(visibility(self.subject, self.read_scope))

    async def page(
        self, query: QueryParams, sort: str | None, params: CursorParams
    ) -> tuple[list[DataImport], CursorMeta]:
        stmt = self.base()
        where = parse_filters(query, FILTERS)
        if where is not None:
            stmt = stmt.where(where)
        keys = parse_sort(sort, SORTS, "-created_at", DataImport.id)
        return await keyset_paginate(self.session, stmt, keys, params)

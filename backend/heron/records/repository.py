"""The base of record repositories: live rows the caller may see, lists with filters, custom
fields, tags, saved views, search and counts, and the trash."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, TypeVar

from sqlalchemy import ColumnElement, Select, and_, delete, false, or_, select, update
from starlette.datastructures import QueryParams

from heron.custom_fields.values import definitions, filter_fields, sort_fields
from heron.kit.errors import NotFound, ValidationFailed
from heron.kit.filtering import EQUALITY, FilterField, Op, parse_filter_tree, parse_filters
from heron.kit.pagination import keyset_paginate
from heron.kit.repository import OrgScopedRepository
from heron.kit.sorting import SortKey, parse_sort
from heron.kit.subject import Subject
from heron.models import ActivityLink, CustomField, Membership, SavedView
from heron.models.base import Base, utcnow
from heron.records import search
from heron.records.listing import ListMeta, ListParams, count_rows
from heron.records.visibility import visible_clause
from heron.roles.matrix import Action, Scope, scope_for
from heron.tags.records import tagged_clause

ModelT = TypeVar("ModelT", bound=Base)


class RecordRepository(OrgScopedRepository[ModelT]):
    """Every query of one record kind starts here: the organization, not deleted, and within
    the caller's read scope (own / team / all)."""

    kind: ClassVar[str]
    resource: ClassVar[str]
    filters: ClassVar[Mapping[str, FilterField]]
    sorts: ClassVar[Mapping[str, Any]]
    default_sort: ClassVar[str] = "-created_at"

    _by_kind: ClassVar[dict[str, type[RecordRepository[Any]]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "kind" in cls.__dict__:
            RecordRepository._by_kind[cls.kind] = cls

    @staticmethod
    def for_kind(kind: str) -> type[RecordRepository[Any]]:
        """The repository of a record kind (each registers itself when its module loads)."""
        return RecordRepository._by_kind[kind]

    @staticmethod
    def kinds() -> list[str]:
        return sorted(RecordRepository._by_kind)

    def __init__(self, session: Any, subject: Subject) -> None:
        super().__init__(session, subject)
        self.read_scope = scope_for(subject.role, self.resource, Action.read)
        self._definitions: list[CustomField] | None = None

    @property
    def dialect(self) -> str:
        return self.session.get_bind().dialect.name

    def base(self) -> Select[Any]:
        stmt = super().base().where(self.model.deleted_at.is_(None))
        where = visible_clause(self.model, self.subject, self.read_scope)
        return stmt if where is None else stmt.where(where)

    def all_live(self) -> Select[Any]:
        """Live rows of the organization whoever owns them: for uniqueness and duplicate
        checks only, never for what is shown."""
        return super().base().where(self.model.deleted_at.is_(None))

    def trashed(self) -> Select[Any]:
        """Deleted rows the caller could have deleted (the trash)."""
        stmt = super().base().where(self.model.deleted_at.is_not(None))
        scope = scope_for(self.subject.role, self.resource, Action.delete)
        where = visible_clause(self.model, self.subject, scope)
        return stmt if where is None else stmt.where(where)

    async def get_trashed(self, id_: uuid.UUID) -> ModelT | None:
        row: ModelT | None = await self.session.scalar(self.trashed().where(self.model.id == id_))
        return row

    async def many(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, ModelT]:
        """The visible rows among ``ids``, in one query."""
        if not ids:
            return {}
        rows = await self.session.scalars(self.base().where(self.model.id.in_(set(ids))))
        return {row.id: row for row in rows}

    # Custom fields
    async def custom_fields(self) -> list[CustomField]:
        if self._definitions is None:
            self._definitions = await definitions(self.session, self.org_id, self.kind)
        return self._definitions

    async def member_ids(self) -> set[uuid.UUID]:
        rows = await self.session.scalars(
            select(Membership.user_id).where(Membership.org_id == self.org_id)
        )
        return set(rows)

    # Lists
    async def filter_fields(self) -> dict[str, FilterField]:
        """Everything ``filter[...]`` accepts on this kind: built-in fields, ``tag`` and
        ``custom.<key>``."""
        fields = dict(self.filters)
        fields["tag"] = FilterField(
            self.model.id,
            "uuid",
            frozenset({Op.eq, Op.in_, Op.nin}),
            build=self._tag_clause,
        )
        fields.update(filter_fields(self.model, await self.custom_fields()))
        return fields

    def _tag_clause(self, op: Op, value: Any) -> Any:
        ids = value if isinstance(value, list) else [value]
        clause = tagged_clause(self.model, self.kind, ids, any_=True)
        return ~clause if op is Op.nin else clause

    async def sort_fields(self) -> dict[str, Any]:
        return {**self.sorts, **sort_fields(self.model, await self.custom_fields())}

    async def list_page(
        self, query: QueryParams, params: ListParams, extra: Any = None
    ) -> tuple[list[ModelT], ListMeta]:
        """One keyset page of the visible rows that match the query, with its total."""
        stmt, view_sort = await self.matching(query, params.q, params.view_id)
        if extra is not None:
            stmt = stmt.where(extra)
        keys = await self.sort_keys(params.sort or view_sort)
        total, kind = await count_rows(self.session, stmt, params.count)
        rows, meta = await keyset_paginate(self.session, stmt, keys, params.page)
        return rows, ListMeta(
            next_cursor=meta.next_cursor, limit=meta.limit, total=total, total_kind=kind
        )

    async def matching(
        self, query: QueryParams, q: str | None, view_id: uuid.UUID | None
    ) -> tuple[Select[Any], str | None]:
        """The visible rows that match ``filter[...]`` in ``query``, the search ``q`` and the
        saved view's filters, unsorted; and the view's sort. Lists and other views of the same
        rows (the deals board) share it, so a filter means the same everywhere."""
        stmt = self.base()
        fields = await self.filter_fields()
        view_sort = None
        if view_id is not None:
            view = await self.saved_view(view_id)
            if view.filters:
                stmt = stmt.where(parse_filter_tree(view.filters, fields, ("query", "view")))
            view_sort = view.sort
        where = parse_filters(query, fields)
        if where is not None:
            stmt = stmt.where(where)
        if q:
            await search.prepare(self.session)
            match = search.match_clause(self.model, q, self.dialect)
            if match is not None:
                stmt = stmt.where(match)
        return stmt, view_sort

    async def sort_keys(self, text: str | None) -> list[SortKey]:
        return parse_sort(text, await self.sort_fields(), self.default_sort, self.model.id)

    async def saved_view(self, view_id: uuid.UUID) -> SavedView:
        """A saved view of this kind the caller may use: their own or a shared one."""
        view = await self.session.scalar(
            select(SavedView).where(
                SavedView.org_id == self.org_id,
                SavedView.id == view_id,
                or_(SavedView.shared.is_(True), SavedView.owner_id == self.subject.person_id),
            )
        )
        if view is None:
            raise NotFound("No saved view with this id that you can use.")
        if view.record_kind != self.kind:
            raise ValidationFailed.field(
                ("query", "view"), f"This view lists {view.record_kind} records, not {self.kind}."
            )
        return view

    # Writes
    async def soft_delete(self, row: ModelT, by: uuid.UUID | None) -> None:
        row.deleted_at = utcnow()  # type: ignore[attr-defined]
        row.deleted_by_id = by  # type: ignore[attr-defined]
        await self.session.flush()

    async def restore(self, row: ModelT) -> None:
        row.deleted_at = None  # type: ignore[attr-defined]
        row.deleted_by_id = None  # type: ignore[attr-defined]
        await self.session.flush()

    async def repoint(self, model: Any, column: str, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        """On a merge: rows of ``model`` (a versioned table of the organization, trashed rows
        included) whose ``column`` names ``from_id`` name ``to_id`` instead; their versions
        move, since what they show changed. How many rows."""
        result = await self.session.execute(
            update(model)
            .where(model.org_id == self.org_id, getattr(model, column) == from_id)
            .values({column: to_id, "version": model.version + 1})
            .execution_options(synchronize_session="fetch")
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def move_activity_links(self, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        """On a merge: the activities about ``from_id`` become about ``to_id`` (an activity
        about both keeps one link); how many links moved."""
        of_kind = (ActivityLink.org_id == self.org_id, ActivityLink.record_kind == self.kind)
        on_target = select(ActivityLink.activity_id).where(
            *of_kind, ActivityLink.record_id == to_id
        )
        await self.session.execute(
            delete(ActivityLink).where(
                *of_kind, ActivityLink.record_id == from_id, ActivityLink.activity_id.in_(on_target)
            )
        )
        moved = await self.session.execute(
            update(ActivityLink)
            .where(*of_kind, ActivityLink.record_id == from_id)
            .values(record_id=to_id)
            .execution_options(synchronize_session=False)
        )
        return int(moved.rowcount or 0)  # type: ignore[attr-defined]


def equality_field(column: Any, type_: str = "uuid") -> FilterField:
    return FilterField(column, type_, EQUALITY)


def visible_records_clause(
    session: Any, subject: Subject, kind_column: Any, id_column: Any
) -> ColumnElement[bool]:
    """Rows pointing at a record (``kind_column``, ``id_column``: a tagging, an activity link)
    whose record is live and visible to ``subject``: counts of such rows must not reveal
    records outside the caller's scope."""
    clauses = []
    for kind in RecordRepository.kinds():
        repo = RecordRepository.for_kind(kind)(session, subject)
        if repo.read_scope is Scope.none:
            continue
        visible_ids = repo.base().with_only_columns(repo.model.id)
        clauses.append(and_(kind_column == kind, id_column.in_(visible_ids)))
    return or_(false(), *clauses)

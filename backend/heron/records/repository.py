"""The base of record repositories: live rows the caller may see, lists with filters, custom
fields, tags, saved views, search and counts, and the trash."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    bindparam,
    delete,
    exists,
    false,
    or_,
    select,
    true,
    update,
)
from starlette.datastructures import QueryParams

from heron.custom_fields.cache import definitions_for, stamped
from heron.custom_fields.values import filter_fields, sort_fields
from heron.kit.errors import NotFound, ValidationFailed
from heron.kit.filtering import EQUALITY, FilterField, Op, parse_filter_tree, parse_filters
from heron.kit.memo import Memo
from heron.kit.pagination import keyset_rows
from heron.kit.repository import OrgScopedRepository
from heron.kit.sorting import SortKey, parse_sort
from heron.kit.subject import Subject
from heron.models import ActivityLink, CustomField, Membership, SavedView
from heron.models.base import Base, utcnow
from heron.models.record import name_key
from heron.records import search
from heron.records.listing import (
    PLANNER_TRUSTED,
    ListMeta,
    ListParams,
    count_column,
    page_total,
    planned_total,
    searched,
    walks,
)
from heron.records.related import Related, person_json, related_rows, tags_json
from heron.records.visibility import visible_clause
from heron.roles.matrix import Action, Scope, scope_for
from heron.tags.records import tagged_clause

ModelT = TypeVar("ModelT", bound=Base)
# The list's total, selected with its page.
TOTAL = "__total"
# Kinds of callers (a role and who they are) whose related columns are kept.
_related_columns: Memo[dict[str, Any]] = Memo(bound=4_096)
# The likely-duplicate statements by name (``similar_named``), per kind of caller and shape.
_similar_named: Memo[Select[Any]] = Memo(bound=4_096)
# The ``custom.<key>`` filters and sorts of a kind, per organization and state of its custom
# fields (the caller's stamp): built from the definitions once, not on every list request.
_custom_parts: Memo[tuple[dict[str, FilterField], dict[str, Any]]] = Memo(bound=4_096)


@dataclass(frozen=True)
class NameCheck:
    """``similar_named``'s statement and its values; ``shape`` is all its form depends on
    besides the caller (a statement built on it is kept by it)."""

    statement: Select[Any]
    params: dict[str, Any]
    shape: tuple[bool, ...] | None


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

    def write_options(self) -> list[Any]:
        """Loader options for a record read to be changed (``get``)."""
        return []

    async def get(self, id_: uuid.UUID) -> ModelT | None:
        stmt = self.base().where(self.model.id == id_).options(*self.write_options())
        row: ModelT | None = (await self.session.execute(stmt)).unique().scalar_one_or_none()
        return row

    async def many(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, ModelT]:
        """The visible rows among ``ids``, in one query."""
        if not ids:
            return {}
        rows = await self.session.scalars(self.base().where(self.model.id.in_(set(ids))))
        return {row.id: row for row in rows}

    def similar_named(self, name: str, other_than: uuid.UUID, limit: int) -> NameCheck | None:
        """The first ``limit`` visible records by id, ``other_than`` excepted, called like
        ``name``: the same name key, or one of its ``search.name_variants``. Each name is
        looked up through the name-key index (``ix_<table>_live_name_key``), a few rows each
        however common the name. None for a record without a name. The statement is built
        once per caller alike and shape of the name (``search.name_shape``): its values are
        parameters."""
        key = name_key(name)
        if not key:
            return None
        shape = search.name_shape(key, self.dialect)
        statement = _similar_named.get(
            (type(self), self.subject.visibility, self.dialect, limit, shape),
            lambda: self._similar_named(shape, limit),
        )
        params = search.name_params(key, shape) | {"other_than": other_than}
        return NameCheck(statement, params, shape)

    async def named_like(self, name: str, other_than: uuid.UUID, limit: int) -> list[ModelT]:
        """The rows of ``similar_named`` (none for a record without a name)."""
        named = self.similar_named(name, other_than, limit)
        if named is None:
            return []
        return list(await self.session.scalars(named.statement, named.params))

    def _similar_named(self, shape: tuple[bool, ...] | None, limit: int) -> Select[Any]:
        model: Any = self.model
        own = self.base().where(model.id != bindparam("other_than"))
        if shape is None:
            return (
                own.where(model.name_key == bindparam("name_key", type_=String))
                .order_by(model.id)
                .limit(limit)
            )
        names = search.name_variants(self.org_id, self.kind, shape)
        each = (
            own.with_only_columns(model.id)
            .where(model.name_key == names.c.name)
            .order_by(model.id)
            .limit(limit)
            .lateral("named")
        )
        ids = select(each.c.id).select_from(names).join(each, true())
        return own.where(model.id.in_(ids)).order_by(model.id).limit(limit)

    # Custom fields
    async def custom_fields(self) -> list[CustomField]:
        if self._definitions is None:
            self._definitions = await definitions_for(self.session, self.subject, self.kind)
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
        fields.update((await self._custom_parts())[0])
        return fields

    def _tag_clause(self, op: Op, value: Any) -> Any:
        ids = value if isinstance(value, list) else [value]
        clause = tagged_clause(self.model, self.kind, ids, any_=True)
        return ~clause if op is Op.nin else clause

    async def sort_fields(self) -> dict[str, Any]:
        return {**self.sorts, **(await self._custom_parts())[1]}

    async def _custom_parts(self) -> tuple[dict[str, FilterField], dict[str, Any]]:
        """The custom fields' filters and sorts; kept while the organization's fields stay as
        the caller's stamp says (any change moves it, ``heron/custom_fields/cache.py``)."""
        key = (self.model, self.org_id, self.subject.custom_fields_stamp)
        found = _custom_parts.peek(key)
        if found is not None:
            return found
        defs = await self.custom_fields()
        built = (filter_fields(self.model, defs), sort_fields(self.model, defs))
        if not stamped(self.subject):  # read outside the stamp's state: not kept
            return built
        return _custom_parts.get(key, lambda: built)

    async def list_page(
        self, query: QueryParams, params: ListParams, extra: Any = None
    ) -> tuple[list[ModelT], dict[uuid.UUID, Related], ListMeta]:
        """One keyset page of the visible rows that match the query, what their read models
        show (``related_columns``) and the list's total: one statement for the three (and,
        beyond 10,000 rows on PostgreSQL, the planner's estimate)."""
        filtered, match, view_sort = await self.matching_parts(query, params.q, params.view_id)
        if extra is not None:
            filtered = filtered.where(extra)
        stmt = filtered if match is None else filtered.where(match)
        keys = await self.sort_keys(params.sort or view_sort)
        columns = self.related_columns()
        planned = await planned_total(
            self.session, stmt, params.count, self._estimate_key(query, params, extra)
        )
        if planned is None or planned < PLANNER_TRUSTED:
            total_column = count_column(stmt, params.count)
            if total_column is not None:
                columns[TOTAL] = total_column
        narrow = None
        if match is not None and walks(self.model, keys, self.dialect, planned):
            # The search is applied by ``narrow``, which reads the page's ids its own way.
            narrow = searched(match, super().base().options(*self.read_options()))
        page = (stmt if narrow is None else filtered).options(*self.read_options())
        rows, meta = await keyset_rows(
            self.session, page, keys, params.page, [c.label(n) for n, c in columns.items()],
            narrow,
        )  # fmt: skip
        related = {row[0].id: dict(zip(columns, row[1:], strict=True)) for row in rows}
        counted = related[rows[0][0].id].pop(TOTAL) if rows and TOTAL in columns else None
        for values in related.values():
            values.pop(TOTAL, None)
        total, kind = await page_total(
            self.session, stmt, params.count, counted,
            first_page=not params.page.cursor, planned=planned,
        )  # fmt: skip
        return (
            [row[0] for row in rows],
            related,
            ListMeta(next_cursor=meta.next_cursor, limit=meta.limit, total=total, total_kind=kind),
        )

    def _estimate_key(self, query: QueryParams, params: ListParams, extra: Any) -> Any:
        """What decides the rows of a list (``matching``): the kind, the caller's visibility
        and custom fields, the filters and the search; None (not kept) for a saved view, whose
        filters can change under the same id, and for a caller's extra clause."""
        if extra is not None or params.view_id is not None:
            return None
        filters = tuple(sorted((k, v) for k, v in query.multi_items() if k.startswith("filter")))
        subject = self.subject
        return (type(self), subject.visibility, subject.custom_fields_stamp, filters, params.q)

    # What read models show besides the record's own columns (heron/records/related.py)
    def related_columns(self) -> dict[str, Any]:
        """Name -> JSON column, correlated with ``self.model``: built once per kind and caller
        (they depend on nothing else), a fresh dict each time."""
        key = (type(self), self.subject.visibility)
        return dict(_related_columns.get(key, self.build_related_columns))

    def build_related_columns(self) -> dict[str, Any]:
        """The related columns of the kind; a kind adds its own."""
        return {
            "owner": person_json(self.model.owner_id),
            "tags": tags_json(self.org_id, self.kind, self.model.id),
        }

    def read_options(self) -> list[Any]:
        """Loader options for rows read with their related columns (a kind whose
        relationships the columns replace makes them raise rather than load)."""
        return []

    async def related_of(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Related]:
        """The related columns of the records ``ids`` of the organization, in one query."""
        return await related_rows(
            self.session, self.model, self.org_id, ids, self.related_columns()
        )

    async def get_read(self, id_: uuid.UUID) -> tuple[ModelT, Related] | None:
        """A visible record and its related columns, in one query."""
        columns = self.related_columns()
        stmt = (
            self.base()
            .where(self.model.id == id_)
            .options(*self.read_options())
            .add_columns(*(c.label(n) for n, c in columns.items()))
        )
        row = (await self.session.execute(stmt)).one_or_none()
        if row is None:
            return None
        return row[0], dict(zip(columns, row[1:], strict=True))

    async def matching(
        self, query: QueryParams, q: str | None, view_id: uuid.UUID | None
    ) -> tuple[Select[Any], str | None]:
        """The visible rows that match ``filter[...]`` in ``query``, the search ``q`` and the
        saved view's filters, unsorted; and the view's sort. Lists and other views of the same
        rows (the deals board) share it, so a filter means the same everywhere."""
        stmt, match, view_sort = await self.matching_parts(query, q, view_id)
        return (stmt if match is None else stmt.where(match)), view_sort

    async def matching_parts(
        self, query: QueryParams, q: str | None, view_id: uuid.UUID | None
    ) -> tuple[Select[Any], ColumnElement[bool] | None, str | None]:
        """``matching`` in parts: the rows of the filters and the view, the clause of the
        search (None without one) and the view's sort."""
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
        match = None
        if q:
            terms = search.Terms.of(q)
            close = await search.close_words(self.session, self.org_id, [self.kind], terms)
            mistyped = close[self.kind].where_mistyped(terms) if self.kind in close else None
            match = search.match_clause(self.model, terms, self.dialect, mistyped)
        return stmt, match, view_sort

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


def visible_record_exists(
    session: Any, subject: Subject, kind_column: Any, id_column: Any
) -> ColumnElement[bool]:
    """Like ``visible_records_clause``, as one primary-key probe per row (EXISTS): for the
    few links of a page of activities, never for counting over a whole table."""
    clauses = [
        and_(kind_column == kind, exists(ids.where(ids.selected_columns[0] == id_column)))
        for kind, ids in visible_record_ids(session, subject)
    ]
    return or_(false(), *clauses)


def visible_record_ids(session: Any, subject: Subject) -> list[tuple[str, Select[Any]]]:
    """Each record kind ``subject`` may read, with a select of the ids of its live records
    they may see."""
    found = []
    for kind in RecordRepository.kinds():
        repo = RecordRepository.for_kind(kind)(session, subject)
        if repo.read_scope is not Scope.none:
            found.append((kind, repo.base().with_only_columns(repo.model.id)))
    return found


def visible_records_clause(
    session: Any, subject: Subject, kind_column: Any, id_column: Any
) -> ColumnElement[bool]:
    """Rows pointing at a record (``kind_column``, ``id_column``: a tagging, an activity link)
    whose record is live and visible to ``subject``: counts of such rows must not reveal
    records outside the caller's scope. (To count over a whole table, select per kind with
    ``visible_record_ids`` instead: PostgreSQL cannot make the ORed subqueries joins.)"""
    clauses = [
        and_(kind_column == kind, id_column.in_(ids))
        for kind, ids in visible_record_ids(session, subject)
    ]
    return or_(false(), *clauses)

"""The write path every record kind shares: owner and scope rules, custom fields, tags,
versions, events, soft delete, restore and bulk actions.

A kind's service subclasses ``RecordService`` and overrides ``prepare`` for its own rules
(a company's unique domain, a deal's stage); everything else is the same for every kind, so a
rule fixed here is fixed everywhere.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import ValidationError as PydanticValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.custom_fields.values import validate_values
from heron.events import service as events
from heron.kit.errors import NotFound, PermissionDenied, ValidationFailed
from heron.kit.filtering import parse_filter_tree
from heron.kit.schemas import Input
from heron.kit.versioning import check_version
from heron.models import FieldType, User
from heron.models.base import Base, utcnow
from heron.records.related import Related
from heron.records.repository import RecordRepository
from heron.records.schemas import (
    MAX_BULK,
    BulkItem,
    BulkRequest,
    BulkResult,
    DuplicateRef,
    PersonRef,
    TagRef,
)
from heron.records.visibility import assert_may_assign, assert_within_scope
from heron.roles.matrix import Action, Scope, scope_for
from heron.tags import records as tags

ModelT = TypeVar("ModelT", bound=Base)


class RecordService(Generic[ModelT]):
    repository: ClassVar[type[RecordRepository[Any]]]
    # The fields an event copies (created/deleted) or compares (updated).
    event_fields: ClassVar[tuple[str, ...]]
    # Fields a bulk `update` may set (each kind's simple, shared fields).
    bulk_fields: ClassVar[frozenset[str]] = frozenset()
    # The kind's PATCH body: bulk `update` fields are validated by it, like a PATCH.
    update_schema: ClassVar[type[Input]]
    plural: ClassVar[str]

    def __init__(self, session: AsyncSession, access: Access) -> None:
        self.session = session
        self.access = access
        self.subject = access.subject
        self.repo: RecordRepository[ModelT] = self.repository(session, access.subject)
        self.kind = self.repo.kind

    @property
    def not_found(self) -> str:
        return f"No {self.kind} with this id in your organization."

    def scope(self, action: Action) -> Scope:
        return scope_for(self.subject.role, self.repo.resource, action)

    # Reading
    async def get(self, id_: uuid.UUID) -> Any:
        return await self.repo.get_or_404(id_, self.not_found)

    async def tags_of(self, rows: Sequence[Any]) -> dict[uuid.UUID, list[TagRef]]:
        found = await tags.tags_by_record(
            self.session, self.subject.org_id, self.kind, [r.id for r in rows]
        )
        return {k: [TagRef.model_validate(t) for t in v] for k, v in found.items()}

    async def people_of(self, ids: Sequence[uuid.UUID | None]) -> dict[uuid.UUID, PersonRef]:
        users = await self.repo.users_by_id(ids)
        return {uid: _person(u) for uid, u in users.items()}

    async def read(
        self, rows: Sequence[Any], related: Mapping[uuid.UUID, Related] | None = None
    ) -> list[Any]:
        """The kind's read models of ``rows``; ``related`` holds what they show besides their
        columns when it came with them (a page), else it is read in one query."""
        if related is None:
            related = await self.repo.related_of([r.id for r in rows])
        return [self.out(r, related.get(r.id, {})) for r in rows]

    def out(self, row: Any, related: Related) -> Any:
        """The kind's read model of ``row`` and its related columns."""
        raise NotImplementedError

    async def one(self, row: Any) -> Any:
        return (await self.read([row]))[0]

    async def get_read(self, id_: uuid.UUID) -> tuple[Any, Any]:
        """A visible record and its read model, in one query (404 otherwise)."""
        found = await self.repo.get_read(id_)
        if found is None:
            raise NotFound(self.not_found)
        row, related = found
        return row, self.out(row, related)

    def snapshot(self, row: Any) -> dict[str, Any]:
        """What events copy of ``row``: its ``event_fields`` (a kind adds what is not a
        column, e.g. a contact's lists of e-mail addresses)."""
        return events.snapshot(row, self.event_fields)

    async def check_version(self, row: Any, expected: int | None) -> None:
        """412 with the current record when ``expected`` is stale; 428 without If-Match."""
        current = None
        if expected is not None and expected != row.version:
            current = (await self.one(row)).model_dump(mode="json")
        check_version(row.version, expected, current_record=current)

    # Changing
    async def prepare(self, values: dict[str, Any], row: Any) -> dict[str, Any]:
        """The kind's own checks and derived values, before anything is written. ``row`` is
        None on create."""
        return values

    async def create_from(self, body: Any) -> Any:
        """Create from the kind's POST body (its custom fields and tags included)."""
        values = body.model_dump(exclude_unset=True)
        custom = values.pop("custom", None)
        tag_ids = values.pop("tag_ids", None)
        return await self.create(values, custom=custom, tag_ids=tag_ids)

    async def write_related(self, row: Any, *, created: bool) -> dict[str, Any]:
        """Write the kind's rows that are not columns of the record (a deal's contacts), as
        ``prepare`` checked them, once the record itself is written; what changed goes into the
        same event. A kind that changes something here touches ``row.updated_at`` so its
        version moves, as tags do."""
        return {}

    async def likely_duplicates(self, row: Any) -> list[DuplicateRef]:
        """Records that look like ``row`` (the kind decides what "looks like" means)."""
        return []

    async def create(
        self,
        values: dict[str, Any],
        *,
        custom: dict[str, Any] | None = None,
        tag_ids: Sequence[uuid.UUID] | None = None,
    ) -> Any:
        """A new record, owned by the caller unless another owner is given (and allowed)."""
        values = dict(values)
        owner_id = values.setdefault("owner_id", self.subject.person_id)
        # Whoever may create may hand the record only to people whose records they may change,
        # so nobody creates what they could not edit the next minute.
        assert_may_assign(owner_id, self.subject, self.scope(Action.update))
        members = await self._members_if_needed(owner_id)
        values = await self.prepare(values, None)
        defs = await self.repo.custom_fields()
        if members is None and _names_people(defs, custom or {}, creating=True):
            members = await self.repo.member_ids()
        stored = validate_values(
            defs, custom or {}, existing=None, member_ids=members or set(), kind=self.kind
        )
        row = self.repo.model(
            org_id=self.subject.org_id,
            created_by_id=self.subject.person_id,
            custom=stored,
            **values,
        )
        await self.repo.add(row)
        changes = self.snapshot(row) | {"custom": stored}
        if tag_ids:
            found = await tags.tag_new_record(self.session, row.org_id, self.kind, row.id, tag_ids)
            changes["tags"] = sorted(t.name for t in found)
        changes |= await self.write_related(row, created=True)
        await self.record(f"{self.kind}.created", row.id, changes)
        return row

    async def update(
        self,
        id_: uuid.UUID,
        values: dict[str, Any],
        expected: int | None,
        *,
        custom: dict[str, Any] | None = None,
        tag_ids: Sequence[uuid.UUID] | None = None,
    ) -> Any:
        """Change some fields of a record (``values`` holds only what the client sent)."""
        row = await self.get(id_)
        changes = await self.change(row, values, expected, custom=custom, tag_ids=tag_ids)
        if changes:
            await self.record(f"{self.kind}.updated", row.id, changes)
        return row

    async def change(
        self,
        row: Any,
        values: dict[str, Any],
        expected: int | None,
        *,
        custom: dict[str, Any] | None = None,
        tag_ids: Sequence[uuid.UUID] | None = None,
    ) -> dict[str, Any]:
        """Apply ``values`` to a visible ``row`` with every check of an update, flushed; what
        changed. No event: the caller records it (an update, or a merge's own event)."""
        self._refuse_nulls(values)
        await self.assert_may_change(row, Action.update)
        members: set[uuid.UUID] | None = None
        if "owner_id" in values and values["owner_id"] != row.owner_id:
            assert_may_assign(values["owner_id"], self.subject, self.scope(Action.update))
            members = await self._members_if_needed(values["owner_id"])
        await self.check_version(row, expected)
        # Taken before prepare(), which may change what is not a column (child rows) itself.
        before = self.snapshot(row) | {"custom": dict(row.custom)}
        values = await self.prepare(dict(values), row)
        if custom:
            defs = await self.repo.custom_fields()
            if members is None and _names_people(defs, custom, creating=False):
                members = await self.repo.member_ids()
            row.custom = validate_values(
                defs, custom, existing=row.custom, member_ids=members or set(), kind=self.kind,
            )  # fmt: skip
        for field, value in values.items():
            setattr(row, field, value)
        changes = events.diff(before, self.snapshot(row) | {"custom": row.custom})
        if tag_ids is not None:
            changes |= await self._replace_tags(row, tag_ids)
        changes |= await self.write_related(row, created=False)
        if changes:
            await self.repo.flush()
        return changes

    def _refuse_nulls(self, values: dict[str, Any]) -> None:
        """422 for null in a required column (``{"name": null}``), rather than a refusal by
        the database; every kind and bulk updates go through here."""
        columns = self.repo.model.__table__.columns
        for field, value in values.items():
            column = columns.get(field)
            if value is None and column is not None and not column.nullable:
                raise ValidationFailed.field(("body", field), f"'{field}' cannot be empty.")

    async def _replace_tags(self, row: Any, tag_ids: Sequence[uuid.UUID]) -> dict[str, Any]:
        old = (await tags.tags_by_record(self.session, row.org_id, self.kind, [row.id])).get(
            row.id, []
        )
        new = await tags.set_tags(self.session, row.org_id, self.kind, row.id, tag_ids)
        before, after = sorted(t.name for t in old), sorted(t.name for t in new)
        if before == after:
            return {}
        # Tags are not a column: touching the row moves its version, so clients see the change.
        row.updated_at = utcnow()
        return {"tags": {"before": before, "after": after}}

    async def delete(self, id_: uuid.UUID, expected: int | None) -> None:
        """Move a record to the trash (restorable until the purge)."""
        row = await self.get(id_)
        await self.assert_may_change(row, Action.delete)
        await self.check_version(row, expected)
        await self.repo.soft_delete(row, self.subject.person_id)
        await self.record(f"{self.kind}.deleted", row.id, self.snapshot(row))

    async def restore(self, id_: uuid.UUID) -> Any:
        """Bring a record back from the trash."""
        row: Any = await self.repo.get_trashed(id_)
        if row is None:
            raise NotFound(f"No {self.kind} with this id in your trash.")
        await self.before_restore(row)
        await self.repo.restore(row)
        await self.record(f"{self.kind}.restored", row.id, {})
        return row

    async def before_restore(self, row: Any) -> None:
        """The kind's checks before a restore (e.g. a unique value taken meanwhile: 409)."""

    async def assert_may_change(self, row: Any, action: Action) -> None:
        scope = self.scope(action)
        if scope is Scope.none:
            raise PermissionDenied()
        assert_within_scope(row, self.subject, scope, self.plural)

    # Bulk
    async def bulk(self, body: BulkRequest) -> BulkResult:
        """One action on many records, all or nothing: every record is checked before any is
        changed, and the first refusal (404 or 403) names the record and writes nothing."""
        rows = await self._bulk_rows(body)
        action = Action.delete if body.action == "delete" else Action.update
        for row in rows:
            await self.assert_may_change(row, action)
        items: list[BulkItem] = []
        for row in rows:
            items.append(BulkItem(id=row.id, result=await self._bulk_one(row, body)))
        return BulkResult(action=body.action, count=len(items), items=items)

    async def _bulk_rows(self, body: BulkRequest) -> list[Any]:
        if body.ids is not None:
            ids = list(dict.fromkeys(body.ids))
            found = await self.repo.many(ids)
            for index, id_ in enumerate(ids):
                if id_ not in found:
                    raise NotFound(
                        f"No {self.kind} with id {id_} in your organization (ids[{index}]); "
                        "nothing was changed."
                    )
            return [found[i] for i in ids]
        fields = await self.repo.filter_fields()
        where = parse_filter_tree(body.filter or {}, fields, ("body", "filter"))
        stmt = self.repo.base().where(where).order_by(self.repo.model.id).limit(MAX_BULK + 1)
        rows = list(await self.session.scalars(stmt))
        if len(rows) > MAX_BULK:
            raise ValidationFailed.field(
                ("body", "filter"),
                f"More than {MAX_BULK} records match; narrow the filter or work in batches.",
            )
        return rows

    async def _bulk_one(self, row: Any, body: BulkRequest) -> str:
        if body.action == "delete":
            await self.delete(row.id, row.version)
            return "deleted"
        if body.action in ("tag", "untag"):
            return await self._bulk_tags(row, body)
        before = row.version
        if body.action == "assign":
            await self.update(row.id, {"owner_id": body.owner_id}, row.version)
        else:
            await self.update_from(row.id, self._bulk_values(body), row.version)
        return "updated" if row.version != before else "unchanged"

    async def _bulk_tags(self, row: Any, body: BulkRequest) -> str:
        """Add or remove tags on one record like a PATCH of its tags would: an event with the
        tags before and after, and a new version."""
        current = await tags.tags_by_record(self.session, row.org_id, self.kind, [row.id])
        before = sorted(t.name for t in current.get(row.id, []))
        change = tags.add_tags if body.action == "tag" else tags.remove_tags
        if not await change(self.session, row.org_id, self.kind, [row.id], body.tag_ids or []):
            return "unchanged"
        now = await tags.tags_by_record(self.session, row.org_id, self.kind, [row.id])
        row.updated_at = utcnow()  # tags are not a column: the version moves with the row
        await self.repo.flush()
        after = sorted(t.name for t in now.get(row.id, []))
        await self.record(
            f"{self.kind}.updated", row.id, {"tags": {"before": before, "after": after}}
        )
        return "updated"

    def _bulk_values(self, body: BulkRequest) -> Input:
        values = dict(body.fields or {})
        for name in values:
            if name not in self.bulk_fields:
                allowed = ", ".join(sorted(self.bulk_fields)) or "none"
                raise ValidationFailed.field(
                    ("body", "fields", name),
                    f"'{name}' cannot be set in bulk on {self.plural}. Allowed: {allowed}.",
                )
        try:
            return self.update_schema.model_validate(values)
        except PydanticValidationError as exc:
            errors = exc.errors(include_url=False, include_context=False)
            details: list[dict[str, Any]] = [
                {"loc": ["body", "fields", *e["loc"]], "msg": e["msg"], "type": e["type"]}
                for e in errors
            ]
            raise ValidationFailed(errors[0]["msg"], details=details) from None

    async def update_from(self, id_: uuid.UUID, body: Any, expected: int | None) -> Any:
        """Apply the kind's PATCH body (its custom fields and tags included)."""
        values = body.model_dump(exclude_unset=True)
        custom = values.pop("custom", None)
        tag_ids = values.pop("tag_ids", None)
        return await self.update(id_, values, expected, custom=custom, tag_ids=tag_ids)

    async def record(self, type_: str, id_: uuid.UUID, changes: dict[str, Any]) -> None:
        await events.record(
            self.session,
            org_id=self.subject.org_id,
            type=type_,
            entity=self.kind,
            entity_id=id_,
            subject=self.subject,
            changes=changes,
        )

    async def _members_if_needed(self, owner_id: uuid.UUID | None) -> set[uuid.UUID] | None:
        """The organization's members when ``owner_id`` must be checked against them (422
        otherwise); None when it need not: nobody, or the caller's own person, whose
        membership the access check has just seen."""
        if owner_id is None or owner_id == self.subject.person_id:
            return None
        members = await self.repo.member_ids()
        _check_owner(owner_id, members)
        return members


def _person(user: User) -> PersonRef:
    return PersonRef(id=user.id, full_name=user.full_name, email=user.email)


def _names_people(defs: Sequence[Any], custom: dict[str, Any], *, creating: bool) -> bool:
    """Whether validating ``custom`` needs the members: a person-type field is given a value,
    or (creating) has a default."""
    return any(
        f.type == FieldType.user and (f.key in custom or (creating and f.default is not None))
        for f in defs
    )


def _check_owner(owner_id: uuid.UUID | None, members: set[uuid.UUID]) -> None:
    if owner_id is not None and owner_id not in members:
        raise ValidationFailed.field(
            ("body", "owner_id"), f"The owner must be a member of your organization: {owner_id}."
        )

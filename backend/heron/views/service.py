"""Saved views: a list's filters, sort, columns and grouping under a name, private to their
owner or shared with the organization. The filters are checked against the kind's allow-list
when saved; a custom field deleted since makes the list answer 422 naming the condition, and
the view can be edited."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.events import service as events
from heron.kit.errors import PermissionDenied, ValidationFailed
from heron.kit.filtering import parse_filter_tree
from heron.kit.versioning import check_version
from heron.models import SavedView
from heron.records.repository import RecordRepository
from heron.records.visibility import assert_within_scope
from heron.roles.matrix import ROLE_RANK, Action, Role, scope_for
from heron.views.repository import ViewRepository
from heron.views.schemas import ViewCreate, ViewOut, ViewUpdate

VIEW_FIELDS = ("record_kind", "name", "shared", "filters", "sort", "columns", "group_by", "kanban")
NO_VIEW = "No saved view with this id that you can use."


class ViewService:
    def __init__(self, session: AsyncSession, access: Access) -> None:
        self.session = session
        self.access = access
        self.subject = access.subject
        self.repo = ViewRepository(session, access.subject)

    async def list(self, kind: str | None) -> list[SavedView]:
        return await self.repo.of_kind(kind)

    async def get(self, view_id: uuid.UUID) -> SavedView:
        return await self.repo.get_or_404(view_id, NO_VIEW)

    async def create(self, body: ViewCreate) -> SavedView:
        """Save a view; shared views need a Manager or above."""
        values = body.model_dump(exclude_unset=True)
        values["shared"] = bool(values.get("shared"))
        self._assert_may_share(values["shared"])
        await self._check(body.record_kind.value, values)
        view = SavedView(
            org_id=self.subject.org_id,
            owner_id=self.subject.person_id,
            **{
                **values,
                "record_kind": body.record_kind.value,
                "columns": values.get("columns") or [],
            },
        )
        await self.repo.add(view)
        await self._record("view.created", view, events.snapshot(view, VIEW_FIELDS))
        return view

    async def update(self, view_id: uuid.UUID, body: ViewUpdate, expected: int | None) -> SavedView:
        """Rename a view or change what it shows."""
        view = await self.get(view_id)
        self._assert_may_change(view, Action.update)
        values = body.model_dump(exclude_unset=True)
        if "shared" in values:
            values["shared"] = bool(values["shared"])
            self._assert_may_share(values["shared"])
        if "columns" in values and values["columns"] is None:
            values["columns"] = []
        check_version(view.version, expected, current_record=_current(view))
        await self._check(view.record_kind, values)
        before = events.snapshot(view, VIEW_FIELDS)
        for field, value in values.items():
            setattr(view, field, value)
        changes = events.diff(before, events.snapshot(view, VIEW_FIELDS))
        if changes:
            await self.repo.flush()
            await self._record("view.updated", view, changes)
        return view

    async def delete(self, view_id: uuid.UUID, expected: int | None) -> None:
        view = await self.get(view_id)
        self._assert_may_change(view, Action.delete)
        check_version(view.version, expected, current_record=_current(view))
        await self._record("view.deleted", view, events.snapshot(view, VIEW_FIELDS))
        await self.repo.delete(view)

    # Rules
    def _assert_may_share(self, shared: bool) -> None:
        if shared and ROLE_RANK[Role(self.subject.role)] < ROLE_RANK[Role.manager]:
            raise PermissionDenied("Only Managers, Admins and Owners share views.")

    def _assert_may_change(self, view: SavedView, action: Action) -> None:
        scope = scope_for(self.subject.role, "view", action)
        assert_within_scope(view, self.subject, scope, "saved views")

    async def _check(self, kind: str, values: dict[str, Any]) -> None:
        """Filters, sort and grouping must name fields the kind's list accepts."""
        repo = RecordRepository.for_kind(kind)(self.session, self.subject)
        fields = await repo.filter_fields()
        if values.get("filters"):
            parse_filter_tree(values["filters"], fields, ("body", "filters"))
        if values.get("sort"):
            try:
                await repo.sort_keys(values["sort"])
            except ValidationFailed as exc:
                raise ValidationFailed.field(("body", "sort"), exc.message) from None
        group_by = values.get("group_by")
        if group_by and group_by not in fields:
            raise ValidationFailed.field(
                ("body", "group_by"), f"Cannot group {kind} records by '{group_by}'."
            )

    async def _record(self, type_: str, view: SavedView, changes: dict[str, Any]) -> None:
        await events.record(
            self.session,
            org_id=self.subject.org_id,
            type=type_,
            entity="view",
            entity_id=view.id,
            subject=self.subject,
            changes=changes,
        )


def _current(view: SavedView) -> dict[str, Any]:
    return ViewOut.model_validate(view).model_dump(mode="json")

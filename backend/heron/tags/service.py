"""Tags: the organization's labels. Names are unique ignoring case; colours are ``#rrggbb``.
Deleting a tag takes it off every record that carries it."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.events import service as events
from heron.kit.errors import Conflict
from heron.kit.versioning import check_version
from heron.models import Tag, Tagging
from heron.records.repository import visible_record_ids, visible_records_clause
from heron.tags.repository import TagRepository
from heron.tags.schemas import TagCreate, TagDetail, TagUpdate

TAG_FIELDS = ("name", "color")
NO_TAG = "No tag with this id in your organization."


class TagService:
    def __init__(self, session: AsyncSession, access: Access) -> None:
        self.session = session
        self.subject = access.subject
        self.repo = TagRepository(session, access.subject)

    def _visible(self) -> Any:
        # Only live records the caller may see count: a count must not reveal the others.
        return visible_records_clause(
            self.session, self.subject, Tagging.record_kind, Tagging.record_id
        )

    async def listed(self, prefix: str | None, *, usage: bool = True) -> list[TagDetail]:
        """Every tag of the organization by name, with how many of the records the caller may
        see carry it (None without ``usage``)."""
        visible = visible_record_ids(self.session, self.subject) if usage else None
        return [_detail(tag, n) for tag, n in await self.repo.listed(prefix, visible)]

    async def get(self, tag_id: uuid.UUID) -> Tag:
        return await self.repo.get_or_404(tag_id, NO_TAG)

    async def detail(self, tag: Tag) -> TagDetail:
        """A tag with its usage count."""
        return _detail(tag, await self.repo.usage_count(tag.id, self._visible()))

    async def create(self, body: TagCreate) -> Tag:
        """A new tag."""
        if await self.repo.name_taken(body.name):
            raise _name_conflict(body.name)
        tag = Tag(org_id=self.subject.org_id, name=body.name, color=body.color)
        await self._save(self.repo.add(tag), body.name)
        await self._record("tag.created", tag.id, events.snapshot(tag, TAG_FIELDS))
        return tag

    async def update(self, tag_id: uuid.UUID, body: TagUpdate, expected: int | None) -> Tag:
        """Rename a tag or change its colour."""
        tag = await self.get(tag_id)
        check_version(tag.version, expected, current_record=await self._current(tag))
        values = body.model_dump(exclude_unset=True)
        if "name" in values and await self.repo.name_taken(values["name"], other_than=tag.id):
            raise _name_conflict(values["name"])
        before = events.snapshot(tag, TAG_FIELDS)
        for field, value in values.items():
            setattr(tag, field, value)
        changes = events.diff(before, events.snapshot(tag, TAG_FIELDS))
        if changes:
            await self._save(self.repo.flush(), tag.name)
            await self._record("tag.updated", tag.id, changes)
        return tag

    async def delete(self, tag_id: uuid.UUID, expected: int | None) -> None:
        """Delete a tag and take it off every record."""
        tag = await self.get(tag_id)
        check_version(tag.version, expected, current_record=await self._current(tag))
        changes = events.snapshot(tag, TAG_FIELDS)
        removed = await self.repo.delete(tag)
        await self._record("tag.deleted", tag_id, changes | {"removed_from_records": removed})

    async def _save(self, flush: Awaitable[None], name: str) -> None:
        try:
            await flush
        except IntegrityError as exc:  # a concurrent request took the name first
            raise _name_conflict(name) from exc

    async def _current(self, tag: Tag) -> dict[str, Any]:
        return (await self.detail(tag)).model_dump(mode="json")

    async def _record(self, type_: str, tag_id: uuid.UUID, changes: dict[str, Any]) -> None:
        await events.record(
            self.session,
            org_id=self.subject.org_id,
            type=type_,
            entity="tag",
            entity_id=tag_id,
            subject=self.subject,
            changes=changes,
        )


def _detail(tag: Tag, usage_count: int | None) -> TagDetail:
    return TagDetail(
        id=tag.id,
        name=tag.name,
        color=tag.color,
        usage_count=usage_count,
        version=tag.version,
        created_at=tag.created_at,
        updated_at=tag.updated_at,
    )


def _name_conflict(name: str) -> Conflict:
    return Conflict(f"A tag named “{name}” already exists in your organization.")

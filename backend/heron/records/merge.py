"""Merging a duplicate into a record of the same kind (POST /<kind>s/{id}/merge): what every
kind shares. The record of the path survives; the other one's chosen values are copied onto it,
its relations move to it, and it goes to the trash (restorable, as after a delete).

Events are never rewritten: the survivor gets a ``<kind>.merged`` event naming the merged
record, and the timeline follows those events to show the merged record's history too. A kind
subclasses ``RecordMerger`` to say which fields can be chosen and which relations move.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, ClassVar, Generic, Literal, TypeVar

from pydantic import ConfigDict, Field

from heron.auth.access import Access
from heron.custom_fields.values import PLURAL, is_empty
from heron.kit.errors import ValidationFailed
from heron.kit.schemas import Input
from heron.models.base import Base, utcnow
from heron.records.schemas import ADDRESS_PARTS
from heron.records.service import RecordService
from heron.roles.matrix import Action
from heron.tags import records as tags

ModelT = TypeVar("ModelT", bound=Base)
MergeChoice = Literal["survivor", "other"]
# An address is one merge field: its parts are chosen together, never mixed.
ADDRESS_COLUMNS = tuple(f"address_{part}" for part in ADDRESS_PARTS)


class MergeRequest(Input):
    """What every kind's merge body has; a kind adds ``fields`` with its own field names."""

    other_id: uuid.UUID = Field(
        description="The duplicate to merge into the record of the path; it goes to the trash."
    )
    custom: dict[str, MergeChoice] = Field(
        default_factory=dict,
        max_length=200,
        description="Which record's value each custom field keeps, by key. A key not given "
        "keeps the survivor's value, or the other's when the survivor has none.",
    )


FIELDS_DOC = (
    "Which record's value each field keeps. A field not given keeps the survivor's value, or "
    "the other's when the survivor has none."
)


def merge_examples(fields: dict[str, MergeChoice]) -> ConfigDict:
    """The ``model_config`` of a kind's merge body, with an example choosing ``fields``."""
    example: dict[str, Any] = {
        "other_id": "0190f5c2-7c4e-7b7a-9d1e-3f0c2a8b4d21",
        "fields": fields,
        "custom": {"tier": "survivor"},
    }
    return ConfigDict(json_schema_extra={"examples": [example]})


def _blank(values: list[Any]) -> bool:
    return all(v is None or v == "" or v == {} or v == [] for v in values)


class RecordMerger(Generic[ModelT]):
    service_class: ClassVar[type[RecordService[Any]]]
    # Merge field -> the columns it carries (most fields are one column).
    fields: ClassVar[Mapping[str, tuple[str, ...]]]

    def __init__(self, session: Any, access: Access) -> None:
        self.session = session
        self.service: RecordService[ModelT] = self.service_class(session, access)
        self.kind = self.service.kind

    async def merge(self, survivor_id: uuid.UUID, body: Any, expected: int | None) -> Any:
        """Merge ``body.other_id`` into ``survivor_id``, all in the request's transaction;
        every refusal (422, 404, 403, 428, 412) comes before anything is written."""
        if body.other_id == survivor_id:
            raise ValidationFailed.field(
                ("body", "other_id"), f"A {self.kind} cannot be merged into itself."
            )
        service = self.service
        survivor = await service.get(survivor_id)
        other = await service.get(body.other_id)  # invisible, trashed or foreign: 404
        await service.assert_may_change(survivor, Action.update)
        await service.assert_may_change(other, Action.delete)  # it goes to the trash
        await service.check_version(survivor, expected)
        other_before = service.snapshot(other)
        values, taken = self.pick(survivor, other, body.fields)
        custom, custom_taken = await self._pick_custom(survivor, other, body.custom)

        await self.before_change(survivor, other, values)
        changes = await service.change(survivor, values, expected, custom=custom)
        moved = await self.move_relations(survivor, other)
        moved["activity_links"] = await service.repo.move_activity_links(other.id, survivor.id)
        await tags.move_taggings(self.session, survivor.org_id, self.kind, other.id, survivor.id)
        # Tags and relations are not columns: touching the row moves its version regardless.
        survivor.updated_at = utcnow()
        await service.repo.flush()
        await service.record(
            f"{self.kind}.merged",
            survivor.id,
            {
                "merged_id": str(other.id),
                "fields_taken": taken + [f"custom.{key}" for key in custom_taken],
                "changes": changes,
                "moved": moved,
            },
        )
        await service.repo.soft_delete(other, service.subject.person_id)
        reason = f"merged into {survivor.id}"
        await service.record(f"{self.kind}.deleted", other.id, other_before | {"reason": reason})
        return survivor

    def pick(
        self, survivor: ModelT, other: ModelT, choices: Mapping[str, MergeChoice]
    ) -> tuple[dict[str, Any], list[str]]:
        """The column values to copy from ``other`` and the merge fields they come from (those
        that differ). A field not chosen keeps the survivor's value unless it has none."""
        values: dict[str, Any] = {}
        taken: list[str] = []
        for name, columns in self.fields.items():
            choice = choices.get(name)
            if choice is None:
                mine = [getattr(survivor, c) for c in columns]
                theirs = [getattr(other, c) for c in columns]
                choice = "other" if _blank(mine) and not _blank(theirs) else "survivor"
            picked = self.value_of(other, name, columns)
            if choice == "other" and picked != self.value_of(survivor, name, columns):
                values |= picked
                taken.append(name)
        return values, taken

    def value_of(self, row: ModelT, name: str, columns: tuple[str, ...]) -> dict[str, Any]:
        """The values ``change()`` sets for ``name`` when taken from ``row``."""
        return {column: getattr(row, column) for column in columns}

    async def _pick_custom(
        self, survivor: Any, other: Any, choices: Mapping[str, MergeChoice]
    ) -> tuple[dict[str, Any], list[str]]:
        keys = [f.key for f in await self.service.repo.custom_fields()]
        unknown = [key for key in choices if key not in keys]
        if unknown:
            where = PLURAL.get(self.kind, self.kind)
            raise ValidationFailed.field(
                ("body", "custom", unknown[0]), f"No custom field '{unknown[0]}' on {where}."
            )
        incoming: dict[str, Any] = {}
        for key in keys:
            mine, theirs = survivor.custom.get(key), other.custom.get(key)
            choice = choices.get(key)
            if choice is None:
                choice = "other" if is_empty(mine) and not is_empty(theirs) else "survivor"
            if choice == "other" and mine != theirs:
                incoming[key] = theirs
        return incoming, sorted(incoming)

    async def before_change(self, survivor: ModelT, other: ModelT, values: dict[str, Any]) -> None:
        """The kind's work before the survivor changes (a company frees the other's domain)."""

    async def move_relations(self, survivor: ModelT, other: ModelT) -> dict[str, int]:
        """Move the kind's own relations from ``other`` to ``survivor``; counts by relation.
        (Activity links and tags move for every kind.)"""
        return {}

"""Custom fields: an organization's own fields on companies, contacts, leads and deals.

A field's key and type are fixed once made, so stored values always fit their field; its label,
default, options, help text and position may change. Options still held by records cannot be
removed (409), and deleting a field strips its values from every record of its kind.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.custom_fields.repository import CustomFieldRepository
from heron.custom_fields.schemas import CustomFieldCreate, CustomFieldOut, CustomFieldUpdate
from heron.custom_fields.values import PLURAL, Invalid, coerce, is_empty
from heron.events import service as events
from heron.kit.errors import Conflict, ValidationFailed
from heron.kit.versioning import check_version
from heron.members.repository import MemberRepository
from heron.models import CustomField, FieldType

FIELD_FIELDS = (
    "record_kind", "key", "label", "type", "required", "default", "options", "help_text",
    "position",
)  # fmt: skip
MAX_FIELDS_PER_KIND = 100
NO_FIELD = "No custom field with this id in your organization."
WITH_OPTIONS = (FieldType.select, FieldType.multi_select)


class CustomFieldService:
    def __init__(self, session: AsyncSession, access: Access) -> None:
        self.session = session
        self.subject = access.subject
        self.repo = CustomFieldRepository(session, access.subject)
        self.members = MemberRepository(session, access.subject)

    async def listed(self, kind: str | None) -> list[CustomFieldOut]:
        """The organization's fields (of one kind if given), by kind and position."""
        return [out(f) for f in await self.repo.listed(kind)]

    async def get(self, field_id: uuid.UUID) -> CustomField:
        return await self.repo.get_or_404(field_id, NO_FIELD)

    async def create(self, body: CustomFieldCreate) -> CustomField:
        """A new field; records of its kind get its default when they are created."""
        kind = body.record_kind.value
        field = CustomField(
            org_id=self.subject.org_id,
            record_kind=kind,
            key=body.key,
            label=body.label,
            type=body.type.value,
            required=body.required,
            options=[o.model_dump() for o in body.options],
            help_text=body.help_text,
            position=body.position,
        )
        _check_options(field)
        field.default = await self._checked_default(field, body.default)
        if await self.repo.key_taken(kind, body.key):
            raise Conflict(f"The {kind} field “{body.key}” already exists; keys are unique.")
        if await self.repo.count_of_kind(kind) >= MAX_FIELDS_PER_KIND:
            raise Conflict(f"{PLURAL[kind].capitalize()} have {MAX_FIELDS_PER_KIND} custom "
                           "fields already, the most they can have; delete one first.")  # fmt: skip
        await self.repo.add(field)
        await self._record("custom_field.created", field.id, events.snapshot(field, FIELD_FIELDS))
        return field

    async def update(
        self, field_id: uuid.UUID, body: CustomFieldUpdate, expected: int | None
    ) -> CustomField:
        """Rename, reorder or change the rules or options of a field (never its key or type)."""
        field = await self.get(field_id)
        values = body.model_dump(exclude_unset=True)
        _refuse_fixed(field, values.pop("key", None), values.pop("type", None))
        check_version(field.version, expected, current_record=out(field).model_dump(mode="json"))
        before = events.snapshot(field, FIELD_FIELDS)
        if "options" in values:
            # Whole options, as on create: ``exclude_unset`` would drop an unsent color.
            values["options"] = [o.model_dump() for o in body.options or []]
            await self._check_removed_options(field, values["options"])
        default = values.pop("default", field.default)
        for name, value in values.items():
            setattr(field, name, value)
        _check_options(field)
        explicit = "default" in body.model_fields_set
        field.default = await self._checked_default(field, default, explicit=explicit)
        changes = events.diff(before, events.snapshot(field, FIELD_FIELDS))
        if changes:
            await self.repo.flush()
            await self._record("custom_field.updated", field.id, changes)
        return field

    async def delete(self, field_id: uuid.UUID, expected: int | None) -> None:
        """Delete a field and its values on every record of its kind."""
        field = await self.get(field_id)
        check_version(field.version, expected, current_record=out(field).model_dump(mode="json"))
        changes = events.snapshot(field, FIELD_FIELDS)
        stripped = await self.repo.delete(field)
        await self._record("custom_field.deleted", field_id, changes | {"values_removed": stripped})

    # Rules
    async def _check_removed_options(
        self, field: CustomField, options: list[dict[str, Any]]
    ) -> None:
        kept = {o["value"] for o in options}
        removed = [o["value"] for o in field.options or [] if o["value"] not in kept]
        usage = await self.repo.option_usage(field, removed) if removed else {}
        if usage:
            plural = PLURAL[field.record_kind]
            held = ", ".join(f"“{v}” by {n} {plural if n != 1 else field.record_kind}"
                             for v, n in usage.items())  # fmt: skip
            raise Conflict(
                f"Options of “{field.label}” are still in use: {held} (the trash included). "
                "Change those records first, then remove the options."
            )

    async def _checked_default(
        self, field: CustomField, default: Any, *, explicit: bool = True
    ) -> Any:
        """The default in its stored form; 422 when it does not fit the field."""
        if is_empty(default):
            return None
        member_ids: set[uuid.UUID] = set()
        if field.type == FieldType.user:
            try:
                user_id = uuid.UUID(str(default))
            except ValueError:
                user_id = None
            if user_id is not None and await self.members.exists(user_id):
                member_ids.add(user_id)
        try:
            return coerce(field, default, member_ids)
        except Invalid as exc:
            why = "" if explicit else " (the current default no longer fits: change it too)"
            raise ValidationFailed.field(
                ("body", "default"), f"The default of “{field.label}” must be {exc}{why}."
            ) from None

    async def _record(self, type_: str, field_id: uuid.UUID, changes: dict[str, Any]) -> None:
        await events.record(
            self.session,
            org_id=self.subject.org_id,
            type=type_,
            entity="custom_field",
            entity_id=field_id,
            subject=self.subject,
            changes=changes,
        )


def _refuse_fixed(field: CustomField, key: str | None, type_: str | None) -> None:
    if key is not None and key != field.key:
        raise ValidationFailed.field(
            ("body", "key"),
            "A field's key cannot change: stored values and API clients use it. Make a new "
            "field with the key you want, copy the values over, then delete this one.",
        )
    if type_ is not None and type_ != field.type:
        raise ValidationFailed.field(
            ("body", "type"),
            f"A field's type cannot change after it is made (values stored as {field.type} "
            "would no longer fit). Make a new field of the type you need, copy the values "
            "over, then delete this one.",
        )


def _check_options(field: CustomField) -> None:
    options = field.options or []
    if field.type not in WITH_OPTIONS:
        if options:
            raise ValidationFailed.field(
                ("body", "options"), "Only select and multi-select fields have options."
            )
        return
    if not options:
        raise ValidationFailed.field(
            ("body", "options"), "A select or multi-select field needs at least one option."
        )
    seen: set[str] = set()
    for i, option in enumerate(options):
        if option["value"] in seen:
            raise ValidationFailed.field(
                ("body", "options", i, "value"),
                f"The option value “{option['value']}” appears twice; values must be unique.",
            )
        seen.add(option["value"])


def out(field: CustomField) -> CustomFieldOut:
    return CustomFieldOut.model_validate(field)

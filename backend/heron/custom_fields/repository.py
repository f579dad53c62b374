"""Every query of custom fields, and the SQL that reaches into records' ``custom`` values."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from heron.custom_fields.expressions import HasKey, WithoutKey, has_option
from heron.kit.repository import OrgScopedRepository
from heron.models import Company, Contact, CustomField, Deal, FieldType, Lead

RECORD_MODELS: dict[str, Any] = {
    "company": Company,
    "contact": Contact,
    "lead": Lead,
    "deal": Deal,
}


async def definitions(session: AsyncSession, org_id: uuid.UUID, kind: str) -> list[CustomField]:
    """The organization's custom fields of a record kind, in display order."""
    rows = await session.scalars(
        select(CustomField)
        .where(CustomField.org_id == org_id, CustomField.record_kind == kind)
        .order_by(CustomField.position, CustomField.key)
    )
    return list(rows)


class CustomFieldRepository(OrgScopedRepository[CustomField]):
    model = CustomField

    async def listed(self, kind: str | None) -> list[CustomField]:
        stmt = self.base().order_by(CustomField.record_kind, CustomField.position, CustomField.key)
        if kind is not None:
            stmt = stmt.where(CustomField.record_kind == kind)
        return list(await self.session.scalars(stmt))

    async def key_taken(self, kind: str, key: str) -> bool:
        stmt = self.base().where(CustomField.record_kind == kind, CustomField.key == key)
        return await self.session.scalar(stmt.limit(1)) is not None

    async def count_of_kind(self, kind: str) -> int:
        stmt = select(func.count()).where(
            CustomField.org_id == self.org_id, CustomField.record_kind == kind
        )
        return int(await self.session.scalar(stmt) or 0)

    async def option_usage(self, field: CustomField, values: Sequence[str]) -> dict[str, int]:
        """How many records of the field's kind (the trash included) hold each of ``values``."""
        model = RECORD_MODELS[field.record_kind]
        usage: dict[str, int] = {}
        for value in values:
            if field.type == FieldType.multi_select:
                holds = has_option(model.custom, field.key, value)
            else:
                holds = model.custom[field.key].as_string() == value
            stmt = select(func.count()).select_from(model).where(model.org_id == self.org_id, holds)
            count = int(await self.session.scalar(stmt) or 0)
            if count:
                usage[value] = count
        return usage

    async def delete(self, field: CustomField) -> int:
        """Delete the field and strip its key from every record of its kind (the trash
        included), leaving their other values alone; how many records held a value."""
        model = RECORD_MODELS[field.record_kind]
        result: Any = await self.session.execute(
            update(model)
            .where(model.org_id == self.org_id, HasKey(model.custom, field.key))
            # The version moves: an edit made on a copy read before this one must get a 412
            # rather than write the deleted key back.
            .values(custom=WithoutKey(model.custom, field.key), version=model.version + 1)
            .execution_options(synchronize_session=False)
        )
        # Through the ORM so the version is checked: a stale field is a 412, not a no-op.
        await self.session.delete(field)
        await self.session.flush()
        return int(result.rowcount or 0)

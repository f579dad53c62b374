"""Undoing an import: the records it created are removed, the fields it changed restored,
as long as nobody edited them since.

The ledger (``import_changes``) holds, per record, the version the import left it at. Undo is
all or nothing: when any of those records moved on (a version that is no longer the import's,
a deletion, which also moves the version), or a record made elsewhere now points at a company
the import created, nothing is undone and the answer says how many and which.

Tags the file named that did not exist are in the ledger too (kind ``tag``). Once the import's
records are gone or restored, each such tag goes as well, unless someone has since put it on
another record or renamed or recoloured it: then it is theirs, and stays.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from heron.imports.kinds import SPECS
from heron.kit.errors import Conflict
from heron.models import Contact, ContactEmail, ContactPhone, ImportChange, Tag, Tagging
from heron.models.base import utcnow

CHUNK = 5_000


async def edited_since(session: AsyncSession, org_id: uuid.UUID, import_id: uuid.UUID) -> list[str]:
    """Sentences naming what changed since the import (empty: it can be undone)."""
    reasons = []
    for kind, spec in SPECS.items():
        model: Any = spec.model
        ledger = ImportChange
        stmt = (
            select(model.id)
            .select_from(ledger)
            .join(model, model.id == ledger.record_id)
            .where(
                ledger.org_id == org_id,
                ledger.import_id == import_id,
                ledger.record_kind == kind,
                (model.version != ledger.version_after) | model.deleted_at.is_not(None),
            )
        )
        changed = await session.scalar(select(func.count()).select_from(stmt.subquery()))
        example = await session.scalar(stmt.limit(1))
        if changed:
            reasons.append(
                f"{changed} {spec.noun if changed == 1 else _plural(kind)} changed since the "
                f"import (e.g. {example})."
            )
    created_companies = select(ImportChange.record_id).where(
        ImportChange.org_id == org_id,
        ImportChange.import_id == import_id,
        ImportChange.record_kind == "company",
        ImportChange.action == "created",
    )
    ours = select(ImportChange.record_id).where(
        ImportChange.org_id == org_id, ImportChange.import_id == import_id
    )
    linked = await session.scalar(
        select(func.count()).where(
            Contact.org_id == org_id,
            Contact.company_id.in_(created_companies),
            Contact.id.not_in(ours),
        )
    )
    if linked:
        reasons.append(
            f"{linked} contact(s) not imported by it now belong to companies it created."
        )
    return reasons


def _plural(kind: str) -> str:
    return {"company": "companies"}.get(kind, kind + "s")


async def undo(session: AsyncSession, org_id: uuid.UUID, import_id: uuid.UUID) -> dict[str, int]:
    """Remove what the import created and restore what it changed; how many of each."""
    reasons = await edited_since(session, org_id, import_id)
    if reasons:
        raise Conflict(
            "This import cannot be undone: " + " ".join(reasons),
            details=[
                {"loc": ["path", "import_id"], "msg": r, "type": "edited_since"} for r in reasons
            ],
        )
    removed = restored = 0
    # Contacts first: deleting a created company must not touch a contact being removed.
    for kind in ("contact", "lead", "company"):
        restored += await _restore(session, org_id, import_id, kind)
        removed += await _remove(session, org_id, import_id, kind)
    tags_removed = await _remove_tags(session, org_id, import_id)
    return {"removed": removed, "restored": restored, "tags_removed": tags_removed}


async def _remove_tags(session: AsyncSession, org_id: uuid.UUID, import_id: uuid.UUID) -> int:
    """Delete the tags the import created that nobody has used or edited since."""
    created = await _ledger_ids(session, org_id, import_id, "tag", "created")
    removed = 0
    for chunk in _chunks(created):
        in_use = select(Tagging.tag_id).where(Tagging.org_id == org_id, Tagging.tag_id.in_(chunk))
        result: Any = await session.execute(
            delete(Tag)
            .where(Tag.org_id == org_id, Tag.id.in_(chunk), Tag.version == 1)
            .where(Tag.id.not_in(in_use))
            .execution_options(synchronize_session=False)
        )
        removed += result.rowcount
    return removed


async def _ledger_ids(
    session: AsyncSession, org_id: uuid.UUID, import_id: uuid.UUID, kind: str, action: str
) -> list[uuid.UUID]:
    stmt = select(ImportChange.record_id).where(
        ImportChange.org_id == org_id,
        ImportChange.import_id == import_id,
        ImportChange.record_kind == kind,
        ImportChange.action == action,
    )
    return list(await session.scalars(stmt))


async def _remove(session: AsyncSession, org_id: uuid.UUID, import_id: uuid.UUID, kind: str) -> int:
    model: Any = SPECS[kind].model
    ids = await _ledger_ids(session, org_id, import_id, kind, "created")
    for chunk in _chunks(ids):
        await session.execute(
            delete(Tagging).where(
                Tagging.org_id == org_id, Tagging.record_kind == kind, Tagging.record_id.in_(chunk)
            )
        )
        # E-mail and phone rows go with their contact (ON DELETE CASCADE).
        await session.execute(delete(model).where(model.org_id == org_id, model.id.in_(chunk)))
    return len(ids)


async def _restore(
    session: AsyncSession, org_id: uuid.UUID, import_id: uuid.UUID, kind: str
) -> int:
    spec = SPECS[kind]
    table = spec.table
    stmt = select(ImportChange.record_id, ImportChange.before).where(
        ImportChange.org_id == org_id,
        ImportChange.import_id == import_id,
        ImportChange.record_kind == kind,
        ImportChange.action == "updated",
    )
    count = 0
    for record_id, before in await session.execute(stmt):
        before = dict(before or {})
        emails, phones = before.pop("_emails", None), before.pop("_phones", None)
        tags_added = [uuid.UUID(t) for t in before.pop("_tags_added", [])]
        values = {k: _typed(table, k, v) for k, v in before.items()}
        values["updated_at"] = utcnow()
        await session.execute(
            update(table)
            .where(and_(table.c.org_id == org_id, table.c.id == record_id))
            .values(**values, version=table.c.version + 1)
        )
        if emails is not None:
            await _restore_children(session, org_id, record_id, emails, phones or [])
        if tags_added:
            await session.execute(
                delete(Tagging).where(
                    Tagging.org_id == org_id,
                    Tagging.record_kind == kind,
                    Tagging.record_id == record_id,
                    Tagging.tag_id.in_(tags_added),
                )
            )
        count += 1
    return count


async def _restore_children(
    session: AsyncSession, org_id: uuid.UUID, contact_id: uuid.UUID,
    emails: Sequence[str], phones: Sequence[Sequence[Any]],
) -> None:  # fmt: skip
    """The import only ever added addresses and numbers: remove those it added."""
    await session.execute(
        delete(ContactEmail).where(
            ContactEmail.org_id == org_id,
            ContactEmail.contact_id == contact_id,
            ContactEmail.email.not_in(list(emails) or [""]),
        )
    )
    await session.execute(
        delete(ContactPhone).where(
            ContactPhone.org_id == org_id,
            ContactPhone.contact_id == contact_id,
            ContactPhone.number.not_in([p[0] for p in phones] or [""]),
        )
    )


def _typed(table: Any, name: str, value: Any) -> Any:
    """A value of the ledger's JSON back in its column's Python type."""
    if value is None:
        return None
    python_type = None
    try:
        python_type = table.c[name].type.python_type
    except NotImplementedError:
        return value
    if python_type is uuid.UUID:
        return uuid.UUID(value)
    if python_type.__name__ == "datetime":
        from datetime import datetime

        return datetime.fromisoformat(value)
    if python_type.__name__ == "Decimal":
        from decimal import Decimal

        return Decimal(value)
    return value


def _chunks(ids: list[uuid.UUID]) -> list[list[uuid.UUID]]:
    return [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]

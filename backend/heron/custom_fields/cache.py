"""Custom-field definitions kept in memory per organization, checked on every request.

A record list needs its kind's definitions (custom filters, sorts, validation) on every
request, and they rarely change. The request's caller is read with a stamp of the
organization's fields (``AuthRepository.signed_in_member``: their count, the sum of their
versions and the last update, which any creation, change or deletion moves). Definitions
cached under the same stamp are used as they are; any other stamp reads them again. The check
rides on a query the request makes anyway, so every process (and every server) sees a change
on its next request: no invalidation message, no Redis needed.

Cached values are plain column values; each request gets fresh, transient ``CustomField``
objects, never shared ones that another session could expire.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.repository import custom_fields_stamp
from heron.kit.subject import Subject
from heron.models import CustomField

# Organizations kept; past this the cache starts again (a bound, not a policy).
MAX_ORGS = 10_000
_COLUMNS = tuple(c.key for c in inspect(CustomField).column_attrs)
_cache: dict[uuid.UUID, tuple[str, dict[str, list[dict[str, Any]]]]] = {}


def _ordered(rows: list[CustomField], kind: str) -> list[CustomField]:
    return sorted((r for r in rows if r.record_kind == kind), key=lambda r: (r.position, r.key))


async def definitions_for(session: AsyncSession, subject: Subject, kind: str) -> list[CustomField]:
    """The organization's custom fields of ``kind``, in display order."""
    stamp = subject.custom_fields_stamp
    if stamp is not None:
        hit = _cache.get(subject.org_id)
        if hit is not None and hit[0] == stamp:
            return [_fresh(values) for values in hit[1].get(kind, [])]
    rows = list(
        await session.scalars(select(CustomField).where(CustomField.org_id == subject.org_id))
    )
    # Kept only when the rows are those the stamp describes (not changed in between).
    found = custom_fields_stamp(
        len(rows), sum(r.version for r in rows), max((r.updated_at for r in rows), default=None)
    )
    if stamp is not None and found == stamp:
        if len(_cache) >= MAX_ORGS:
            _cache.clear()
        by_kind: dict[str, list[dict[str, Any]]] = {}
        for kind_ in {r.record_kind for r in rows}:
            by_kind[kind_] = [{c: getattr(r, c) for c in _COLUMNS} for r in _ordered(rows, kind_)]
        _cache[subject.org_id] = (stamp, by_kind)
    return _ordered(rows, kind)


def stamped(subject: Subject) -> bool:
    """Whether the definitions kept for the caller's organization are those of the caller's
    stamp: after ``definitions_for``, true when what it returned is what the stamp describes
    (what is built from them may then be kept under the stamp)."""
    stamp, hit = subject.custom_fields_stamp, _cache.get(subject.org_id)
    return stamp is not None and hit is not None and hit[0] == stamp


def _fresh(values: dict[str, Any]) -> CustomField:
    # Options and defaults are JSON (lists, dicts): copied, so no caller can alter the cache.
    return CustomField(**{**values, "options": copy.deepcopy(values["options"]),
                          "default": copy.deepcopy(values["default"])})  # fmt: skip


def clear() -> None:
    _cache.clear()

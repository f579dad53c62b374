"""What a record's read model shows besides its own columns (its owner, its tags, a contact's
company and e-mail addresses, a deal's stage...), as JSON columns selected with the records
themselves: a page of 200 records and everything it shows is one statement.

A repository names its columns (``RecordRepository.related_columns``); they are added to the
page, the board or the single record's own query, or read for given records in one query
(``related_of``). Services turn the values into read models with the helpers below.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.kit.sqljson import as_list, as_uuid, json_list, json_list_agg, json_object, json_one
from heron.models import Tag, Tagging, User
from heron.records.schemas import PersonRef

Related = dict[str, Any]


def person_json(user_id: Any) -> ColumnElement[Any]:
    """The person ``user_id`` names (a column), as ``{"id", "full_name", "email"}``."""
    return json_one(
        select(json_object("id", User.id, "full_name", User.full_name, "email", User.email)).where(
            User.id == user_id
        )
    )


def tags_json(org_id: uuid.UUID, kind: str, record_id: Any) -> ColumnElement[Any]:
    """The tags on a record (``record_id`` a column), unordered."""
    return json_list(
        select(json_list_agg(json_object("id", Tag.id, "name", Tag.name, "color", Tag.color)))
        .select_from(Tagging)
        .join(Tag, Tag.id == Tagging.tag_id)
        .where(
            Tagging.org_id == org_id,
            Tagging.record_kind == kind,
            Tagging.record_id == record_id,
        )
    )


async def related_rows(
    session: AsyncSession, model: Any, org_id: uuid.UUID, ids: Collection[uuid.UUID],
    columns: dict[str, Any],
) -> dict[uuid.UUID, Related]:  # fmt: skip
    """``columns`` (name -> JSON column correlated with ``model``) of the rows ``ids`` of the
    organization, in one query."""
    if not ids:
        return {}
    stmt = select(model.id, *(c.label(n) for n, c in columns.items())).where(
        model.org_id == org_id, model.id.in_(set(ids))
    )
    rows = await session.execute(stmt)
    return {row[0]: dict(zip(columns, row[1:], strict=True)) for row in rows}


def split(rows: Sequence[Any], names: Iterable[str]) -> tuple[list[Any], dict[uuid.UUID, Related]]:
    """Rows of (entity, *related values) as the entities and their related columns by id."""
    names = list(names)
    related = {row[0].id: dict(zip(names, row[1:], strict=True)) for row in rows}
    return [row[0] for row in rows], related


def person_ref(value: Any) -> PersonRef | None:
    if not value:
        return None
    return PersonRef(id=as_uuid(value["id"]), full_name=value["full_name"], email=value["email"])


def tag_list(value: Any) -> list[dict[str, Any]]:
    """A ``tags_json`` value by tag name, ignoring case (as ``heron.tags.repository.tag_pairs``
    orders them), as the fields of ``TagRef``s for a read model to validate."""
    return sorted(as_list(value), key=_by_name)


def _by_name(tag: dict[str, Any]) -> tuple[str, str]:
    # Ids in one database's JSON share one spelling, whose text order is the ids' order.
    return tag["name"].lower(), str(tag["id"])

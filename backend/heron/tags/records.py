"""Tags on records: what companies, contacts, leads and deals call to show, set, bulk-change,
filter by and merge their tags. Plain functions on the caller's session and organization; the
caller has already checked that it may see and change the records it names.

``kind`` is a ``heron.models.RecordKind`` value (``"company"``, ``"contact"``, ...). Tag ids
that are unknown or of another organization are a 422 located at ``("body", "tag_ids", i)``
and nothing is written.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import and_, not_
from sqlalchemy.ext.asyncio import AsyncSession

from heron.kit.errors import ValidationFailed
from heron.kit.filtering import EQUALITY, FilterField
from heron.models import RecordKind, Tag
from heron.tags import repository as repo

TAG_IDS_LOC = ("body", "tag_ids")


def _kind(kind: str) -> str:
    return RecordKind(kind).value  # a wrong kind is a programming error: ValueError


async def tags_by_record(
    session: AsyncSession, org_id: uuid.UUID, kind: str, record_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, list[Tag]]:
    """The tags of each record (by name; an empty list for untagged ones), in one query."""
    ids = set(record_ids)
    found: dict[uuid.UUID, list[Tag]] = {record_id: [] for record_id in ids}
    for record_id, tag in await repo.tag_pairs(session, org_id, _kind(kind), ids):
        found[record_id].append(tag)
    return found


async def checked_tags(
    session: AsyncSession,
    org_id: uuid.UUID,
    tag_ids: Sequence[uuid.UUID],
    loc: Sequence[str | int] = TAG_IDS_LOC,
) -> list[Tag]:
    """The tags named by ``tag_ids`` (duplicates once, in order); 422 for every id that is not a
    tag of the organization."""
    tags = await repo.tags_in_org(session, org_id, tag_ids)
    details: list[dict[str, Any]] = [
        {
            "loc": [*loc, i],
            "msg": f"No tag with id {tag_id} in your organization.",
            "type": "value_error",
        }
        for i, tag_id in enumerate(tag_ids)
        if tag_id not in tags
    ]
    if details:
        raise ValidationFailed(details[0]["msg"], details=details)
    return [tags[t] for t in dict.fromkeys(tag_ids)]


async def set_tags(
    session: AsyncSession,
    org_id: uuid.UUID,
    kind: str,
    record_id: uuid.UUID,
    tag_ids: Sequence[uuid.UUID],
) -> list[Tag]:
    """Replace the record's tags with ``tag_ids``; its tags afterwards, by name."""
    kind = _kind(kind)
    tags = await checked_tags(session, org_id, tag_ids)
    wanted = {t.id for t in tags}
    await repo.delete_taggings(session, org_id, kind, [record_id], keep=wanted)
    present = {
        tag_id for _, tag_id in await repo.existing_pairs(session, org_id, kind, [record_id])
    }
    await repo.insert_taggings(session, org_id, kind, ((record_id, t) for t in wanted - present))
    return sorted(tags, key=lambda t: (t.name.lower(), t.id))


async def tag_new_record(
    session: AsyncSession,
    org_id: uuid.UUID,
    kind: str,
    record_id: uuid.UUID,
    tag_ids: Sequence[uuid.UUID],
) -> list[Tag]:
    """``set_tags`` for a record made in this transaction, which has no tags to compare with:
    check the tags, insert the taggings; its tags, by name."""
    kind = _kind(kind)
    tags = await checked_tags(session, org_id, tag_ids)
    await repo.insert_taggings(session, org_id, kind, ((record_id, t.id) for t in tags))
    return sorted(tags, key=lambda t: (t.name.lower(), t.id))


async def add_tags(
    session: AsyncSession,
    org_id: uuid.UUID,
    kind: str,
    record_ids: Collection[uuid.UUID],
    tag_ids: Sequence[uuid.UUID],
) -> int:
    """Put the tags on every record (bulk "tag"); how many taggings were new."""
    kind = _kind(kind)
    tags = await checked_tags(session, org_id, tag_ids)
    wanted = {t.id for t in tags}
    present = await repo.existing_pairs(session, org_id, kind, record_ids, wanted)
    pairs = [(r, t) for r in dict.fromkeys(record_ids) for t in wanted if (r, t) not in present]
    return await repo.insert_taggings(session, org_id, kind, pairs)


async def remove_tags(
    session: AsyncSession,
    org_id: uuid.UUID,
    kind: str,
    record_ids: Collection[uuid.UUID],
    tag_ids: Sequence[uuid.UUID],
) -> int:
    """Take the tags off every record (bulk "untag"); how many taggings went."""
    kind = _kind(kind)
    tags = await checked_tags(session, org_id, tag_ids)
    return await repo.delete_taggings(session, org_id, kind, record_ids, {t.id for t in tags})


async def move_taggings(
    session: AsyncSession, org_id: uuid.UUID, kind: str, from_id: uuid.UUID, to_id: uuid.UUID
) -> None:
    """On a merge: the tags of ``from_id`` go to ``to_id`` (no duplicates)."""
    await repo.move_taggings(session, org_id, _kind(kind), from_id, to_id)


def tagged_clause(model: Any, kind: str, tag_ids: Collection[uuid.UUID], *, any_: bool) -> Any:
    """WHERE clause: rows of ``model`` carrying any (``any_``) or all of ``tag_ids``.

    Correlated EXISTS on the taggings of the row's own organization, so a tag id of another
    organization matches nothing.
    """
    kind = _kind(kind)
    ids = list(dict.fromkeys(tag_ids))
    if any_:
        return repo.tagged_exists(model, kind, ids)
    return and_(*(repo.tagged_exists(model, kind, [t]) for t in ids))


class TaggedColumn:
    """Stands in for a column in ``parse_filters``: ``filter[tag][eq]=<id>`` is "carries this
    tag", ``in`` carries any of them, ``ne``/``nin`` the opposite, ``isnull=true`` no tag."""

    def __init__(self, model: Any, kind: str) -> None:
        self.model = model
        self.kind = _kind(kind)

    def __eq__(self, tag_id: object) -> Any:
        return tagged_clause(self.model, self.kind, [tag_id], any_=True)  # type: ignore[list-item]

    def __ne__(self, tag_id: object) -> Any:
        return not_(self == tag_id)

    __hash__ = object.__hash__

    def in_(self, tag_ids: Sequence[uuid.UUID]) -> Any:
        return tagged_clause(self.model, self.kind, tag_ids, any_=True)

    def is_(self, _none: None) -> Any:
        return not_(repo.tagged_exists(self.model, self.kind, None))

    def is_not(self, _none: None) -> Any:
        return repo.tagged_exists(self.model, self.kind, None)


def tag_filter(model: Any, kind: str) -> FilterField:
    """The ``tag`` entry of a record kind's filter allow-list (values are tag ids)."""
    return FilterField(TaggedColumn(model, kind), "uuid", EQUALITY)

"""Every query of tags and taggings, always inside one organization.

``TagRepository`` serves the tag endpoints; the module functions serve ``heron.tags.records``,
which record domains (companies, contacts, leads, deals) call with their session and org id.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import Select, and_, delete, func, insert, literal, select, union_all, update
from sqlalchemy.ext.asyncio import AsyncSession

from heron.kit.repository import OrgScopedRepository
from heron.models import Tag, Tagging


class TagRepository(OrgScopedRepository[Tag]):
    model = Tag

    async def listed(
        self, prefix: str | None, visible: Sequence[tuple[str, Select[Any]]] | None
    ) -> list[tuple[Tag, int | None]]:
        """The organization's tags by name (ignoring case), each with how many records carry it
        among the ``visible`` ones (each kind with its visible ids: ``visible_record_ids``), or
        None when ``visible`` is None (not counted).

        The taggings are selected kind by kind (``UNION ALL``) so that each kind's visibility is
        a join PostgreSQL can hash; one clause ORing the kinds' subqueries became a subplan per
        tagging, and the tag list took minutes at a million contacts (bench/api)."""
        if visible is None:
            tags = self._named(select(Tag).where(Tag.org_id == self.org_id), prefix)
            return [(tag, None) for tag in await self.session.scalars(tags)]
        parts = [
            select(Tagging.tag_id).where(
                Tagging.org_id == self.org_id, Tagging.record_kind == kind,
                Tagging.record_id.in_(ids),
            )
            for kind, ids in visible
        ]  # fmt: skip
        stmt: Select[Any] = select(Tag).where(Tag.org_id == self.org_id)
        if parts:
            tagged = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("tagged")
            usage = (
                select(tagged.c.tag_id, func.count().label("n"))
                .group_by(tagged.c.tag_id)
                .subquery("usage")
            )
            stmt = stmt.outerjoin(usage, usage.c.tag_id == Tag.id).add_columns(
                func.coalesce(usage.c.n, 0)
            )
        else:
            stmt = stmt.add_columns(literal(0))
        rows = await self.session.execute(self._named(stmt, prefix))
        return [(tag, int(n)) for tag, n in rows]

    @staticmethod
    def _named(stmt: Select[Any], prefix: str | None) -> Select[Any]:
        """``stmt`` by name, ignoring case, keeping the names that start with ``prefix``."""
        stmt = stmt.order_by(func.lower(Tag.name), Tag.id)
        if prefix:
            stmt = stmt.where(func.lower(Tag.name).startswith(prefix.lower(), autoescape=True))
        return stmt

    async def usage_count(self, tag_id: uuid.UUID, visible: Any) -> int:
        stmt = select(func.count()).where(
            Tagging.org_id == self.org_id, Tagging.tag_id == tag_id, visible
        )
        return int(await self.session.scalar(stmt) or 0)

    async def name_taken(self, name: str, *, other_than: uuid.UUID | None = None) -> bool:
        """Whether another tag of the organization has this name (ignoring case)."""
        stmt = self.base().where(func.lower(Tag.name) == name.lower())
        if other_than is not None:
            stmt = stmt.where(Tag.id != other_than)
        return await self.session.scalar(stmt.limit(1)) is not None

    async def delete(self, tag: Tag) -> int:
        """Delete the tag and take it off every record; the number of records it was on."""
        result: Any = await self.session.execute(
            delete(Tagging).where(Tagging.org_id == self.org_id, Tagging.tag_id == tag.id)
        )
        # Through the ORM so the version is checked: a stale tag is a 412, not a no-op.
        await self.session.delete(tag)
        await self.session.flush()
        return int(result.rowcount or 0)


# Taggings of records, for heron.tags.records.


async def tags_in_org(
    session: AsyncSession, org_id: uuid.UUID, tag_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, Tag]:
    """The tags among ``tag_ids`` that belong to the organization."""
    if not tag_ids:
        return {}
    rows = await session.scalars(select(Tag).where(Tag.org_id == org_id, Tag.id.in_(set(tag_ids))))
    return {t.id: t for t in rows}


async def tag_pairs(
    session: AsyncSession, org_id: uuid.UUID, kind: str, record_ids: Collection[uuid.UUID]
) -> list[tuple[uuid.UUID, Tag]]:
    """(record id, tag) for every tag on the records, in one query, tags by name."""
    if not record_ids:
        return []
    rows = await session.execute(
        select(Tagging.record_id, Tag)
        .join(Tag, Tag.id == Tagging.tag_id)
        .where(
            Tagging.org_id == org_id,
            Tagging.record_kind == kind,
            Tagging.record_id.in_(set(record_ids)),
        )
        .order_by(func.lower(Tag.name), Tag.id)
    )
    return [(record_id, tag) for record_id, tag in rows]


async def existing_pairs(
    session: AsyncSession,
    org_id: uuid.UUID,
    kind: str,
    record_ids: Collection[uuid.UUID],
    tag_ids: Collection[uuid.UUID] | None = None,
) -> set[tuple[uuid.UUID, uuid.UUID]]:
    """(record id, tag id) of the taggings already on the records (of ``tag_ids`` if given)."""
    if not record_ids:
        return set()
    stmt = select(Tagging.record_id, Tagging.tag_id).where(
        Tagging.org_id == org_id,
        Tagging.record_kind == kind,
        Tagging.record_id.in_(set(record_ids)),
    )
    if tag_ids is not None:
        stmt = stmt.where(Tagging.tag_id.in_(set(tag_ids)))
    rows = await session.execute(stmt)
    return {(record_id, tag_id) for record_id, tag_id in rows}


async def insert_taggings(
    session: AsyncSession,
    org_id: uuid.UUID,
    kind: str,
    pairs: Iterable[tuple[uuid.UUID, uuid.UUID]],
) -> int:
    rows = [
        {"org_id": org_id, "record_kind": kind, "record_id": record_id, "tag_id": tag_id}
        for record_id, tag_id in pairs
    ]
    if rows:
        await session.execute(insert(Tagging), rows)
    return len(rows)


async def delete_taggings(
    session: AsyncSession,
    org_id: uuid.UUID,
    kind: str,
    record_ids: Collection[uuid.UUID],
    tag_ids: Collection[uuid.UUID] | None = None,
    *,
    keep: Collection[uuid.UUID] = (),
) -> int:
    """Take ``tag_ids`` (all tags when None, except ``keep``) off the records; how many went."""
    if not record_ids:
        return 0
    stmt = delete(Tagging).where(
        Tagging.org_id == org_id,
        Tagging.record_kind == kind,
        Tagging.record_id.in_(set(record_ids)),
    )
    if tag_ids is not None:
        stmt = stmt.where(Tagging.tag_id.in_(set(tag_ids)))
    if keep:
        stmt = stmt.where(Tagging.tag_id.not_in(set(keep)))
    result: Any = await session.execute(stmt)
    return int(result.rowcount or 0)


async def move_taggings(
    session: AsyncSession, org_id: uuid.UUID, kind: str, from_id: uuid.UUID, to_id: uuid.UUID
) -> None:
    """Move the taggings of one record onto another; a tag both carry stays once."""
    on_target = select(Tagging.tag_id).where(
        Tagging.org_id == org_id, Tagging.record_kind == kind, Tagging.record_id == to_id
    )
    of_source = and_(
        Tagging.org_id == org_id, Tagging.record_kind == kind, Tagging.record_id == from_id
    )
    await session.execute(delete(Tagging).where(of_source, Tagging.tag_id.in_(on_target)))
    await session.execute(
        update(Tagging)
        .where(of_source)
        .values(record_id=to_id)
        .execution_options(synchronize_session=False)
    )


def tagged_exists(model: Any, kind: str, tag_ids: Collection[uuid.UUID] | None) -> Any:
    """EXISTS: the row of ``model`` carries one of ``tag_ids`` (any tag when None), tags of
    the row's own organization only."""
    stmt = select(Tagging.id).where(
        Tagging.org_id == model.org_id,
        Tagging.record_kind == kind,
        Tagging.record_id == model.id,
    )
    if tag_ids is not None:
        stmt = stmt.where(Tagging.tag_id.in_(list(tag_ids)))
    return stmt.exists()

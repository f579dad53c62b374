"""Search across companies, contacts, leads and deals: one ranked query per kind the caller may
read, inside their visibility, merged by score."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Numeric, String, Subquery, literal, null, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.kit.errors import ValidationFailed
from heron.records import search
from heron.records.repository import RecordRepository
from heron.records.titles import subtitle_of, title_of
from heron.roles.matrix import Action, Scope, scope_for
from heron.search.schemas import SearchHit


class SearchService:
    def __init__(self, session: AsyncSession, access: Access) -> None:
        self.session = session
        self.subject = access.subject

    def readable_kinds(self, wanted: list[str] | None) -> list[str]:
        known = RecordRepository.kinds()
        for kind in wanted or []:
            if kind not in known:
                raise ValidationFailed.field(
                    ("query", "kinds"), f"Unknown kind '{kind}'. Use: {', '.join(known)}."
                )
        return [
            k for k in (wanted or known)
            if scope_for(self.subject.role, RecordRepository.for_kind(k).resource, Action.read)
            is not Scope.none
        ]  # fmt: skip

    async def search(self, q: str, kinds: list[str] | None, limit: int) -> list[SearchHit]:
        """The best ``limit`` matches of ``q`` per kind, best first overall: one statement,
        each kind's ranked query a branch of a UNION ALL."""
        if not search.words_of(q):
            raise ValidationFailed.field(("query", "q"), "Type at least one letter or digit.")
        wanted = self.readable_kinds(kinds)
        if not wanted:
            return []
        await search.prepare(self.session)
        branches = [self._branch(kind, q, limit) for kind in wanted]
        stmt = union_all(*(select(*b.c) for b in branches))
        rows = list((await self.session.execute(stmt)).all())
        order = {kind: i for i, kind in enumerate(wanted)}
        # Each kind best first (then by id, as each branch ranks), kinds in the order asked,
        # then the best of all first: a stable sort keeps ties in that order.
        rows.sort(key=lambda r: (order[r.kind], -float(r.score or 0), r.id))
        rows.sort(key=lambda r: -float(r.score or 0))
        return [
            SearchHit(
                kind=r.kind,
                id=r.id,
                title=title_of(_Shown(r)),
                subtitle=subtitle_of(_Shown(r)),
                score=round(float(r.score or 0), 4),
            )
            for r in rows
        ]

    def _branch(self, kind: str, q: str, limit: int) -> Subquery:
        """The ranked matches of one kind, with the columns titles are made of (the same
        shape for every kind, NULL where a kind has no such column)."""
        repo = RecordRepository.for_kind(kind)(self.session, self.subject)
        model, dialect = repo.model, repo.dialect
        match = search.match_clause(model, q, dialect)
        assert match is not None  # q has words (checked above)
        score = search.rank(model, q, dialect)

        def text(name: str) -> Any:
            column = getattr(model, name, None)
            return (column if column is not None else null()).cast(String)

        amount = getattr(model, "amount", None)
        return (
            repo.base()
            .with_only_columns(
                literal(kind, String).label("kind"),
                model.id.label("id"),
                score.label("score"),
                *(text(name).label(name) for name in _TEXTS),
                (amount if amount is not None else null()).cast(Numeric(20, 4)).label("amount"),
                text("currency").label("currency"),
            )
            .where(match)
            .order_by(score.desc(), model.id)
            .limit(limit)
            .subquery()
        )


# The columns ``title_of`` and ``subtitle_of`` read, as a record of any kind may have them.
_TEXTS = ("name", "first_name", "last_name", "email", "domain", "company_name")


class _Shown:
    """A search row as ``title_of``/``subtitle_of`` read a record."""

    def __init__(self, row: Any) -> None:
        self.id = row.id
        for name in (*_TEXTS, "amount", "currency"):
            setattr(self, name, getattr(row, name))
        parts = (row.first_name, row.last_name)
        self.full_name = " ".join(p for p in parts if p) if row.kind == "contact" else None

"""Search across companies, contacts, leads and deals: one ranked query per kind the caller may
read, inside their visibility, merged by score."""

from __future__ import annotations

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
        """The best ``limit`` matches of ``q`` per kind, best first overall."""
        if not search.words_of(q):
            raise ValidationFailed.field(("query", "q"), "Type at least one letter or digit.")
        await search.prepare(self.session)
        hits: list[SearchHit] = []
        for kind in self.readable_kinds(kinds):
            repo = RecordRepository.for_kind(kind)(self.session, self.subject)
            dialect = repo.dialect
            match = search.match_clause(repo.model, q, dialect)
            score = search.rank(repo.model, q, dialect)
            stmt = (
                repo.base()
                .add_columns(score)
                .where(match)
                .order_by(score.desc(), repo.model.id)
                .limit(limit)
            )
            for row, value in (await self.session.execute(stmt)).all():
                hits.append(
                    SearchHit(
                        kind=kind,
                        id=row.id,
                        title=title_of(row),
                        subtitle=subtitle_of(row),
                        score=round(float(value or 0), 4),
                    )
                )
        hits.sort(key=lambda h: h.score, reverse=True)
        return hits

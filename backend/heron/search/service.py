"""Search across companies, contacts, leads and deals: one ranked query per kind the caller may
read, inside their visibility, merged by score."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import (
    Integer,
    Numeric,
    Select,
    String,
    Subquery,
    bindparam,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.kit.errors import ValidationFailed
from heron.kit.memo import Memo
from heron.records import search
from heron.records.repository import RecordRepository
from heron.records.search import CloseWords, Terms
from heron.records.titles import subtitle_of, title_of
from heron.records.visibility import people_in_scope
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
        each kind's ranked query a branch of a UNION ALL. On PostgreSQL that statement finds
        the words as typed; a second one, for the kinds it left short, the words close to them
        (a typo forgiven)."""
        terms = Terms.of(q)
        if not terms.words:
            raise ValidationFailed.field(("query", "q"), "Type at least one letter or digit.")
        wanted = self.readable_kinds(kinds)
        if not wanted:
            return []
        rows = await self._matches({kind: limit for kind in wanted}, terms, search.typed_matches)
        if self.session.get_bind().dialect.name == "postgresql" and terms.forgiving:
            found = Counter(r.kind for r in rows)
            short = {k: limit - found[k] for k in wanted if found[k] < limit}
            if short:
                close = await search.close_words(
                    self.session, self.subject.org_id, list(short), terms
                )
                # A kind with no word close to any typed one has nothing more to find.
                short = {k: n for k, n in short.items() if any(close[k].patterns)}
                if short:
                    rows += await self._matches(short, terms, search.close_matches, close)
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

    async def _matches(
        self,
        limits: dict[str, int],
        terms: Terms,
        tier: Tier,
        close: dict[str, CloseWords] | None = None,
    ) -> list[Any]:
        """Up to ``limits[kind]`` matches of each kind, one statement (PostgreSQL: of ``tier``;
        a kind with nothing to find in that tier is left out). The statement is built once
        per caller's visibility, kinds and shape of the words, and bound to these words and
        limits: building it is ~8 ms of Python a tier, more than the database takes."""
        dialect = self.session.get_bind().dialect.name
        key = (dialect, tier.__name__, tuple(limits), terms.shape, self._visibility(limits))
        close = close or {}
        stmt = _statements.get(key, lambda: self._statement(list(limits), terms, tier, close))
        if stmt is None:
            return []
        params: dict[str, Any] = terms.params() | {_limit(k): n for k, n in limits.items()}
        for words in close.values():
            params |= words.params()
        return list((await self.session.execute(stmt, params)).all())

    def _visibility(self, kinds: Iterable[str]) -> tuple[Any, ...]:
        """What a statement holds of the caller: their organization and the owners whose
        records each kind shows them."""
        role, repos = self.subject.role, (RecordRepository.for_kind(k) for k in kinds)
        people = (
            people_in_scope(self.subject, scope_for(role, repo.resource, Action.read))
            for repo in repos
        )
        return (self.subject.org_id, *people)

    def _statement(
        self, kinds: list[str], terms: Terms, tier: Tier, close: dict[str, CloseWords]
    ) -> Select[Any] | None:
        branches = [
            b for k in kinds if (b := self._branch(k, terms, tier, close.get(k))) is not None
        ]
        if not branches:
            return None
        return union_all(*(select(*b.c) for b in branches))  # type: ignore[return-value]

    def _branch(
        self, kind: str, terms: Terms, tier: Tier, close: CloseWords | None
    ) -> Subquery | None:
        """The ranked matches of one kind, with the columns titles are made of (the same
        shape for every kind, NULL where a kind has no such column)."""
        repo = RecordRepository.for_kind(kind)(self.session, self.subject)
        model, dialect = repo.model, repo.dialect
        score = search.rank(model, terms, dialect)
        limit = bindparam(_limit(kind), type_=Integer)

        def text(name: str) -> Any:
            column = getattr(model, name, None)
            return (column if column is not None else null()).cast(String)

        amount = getattr(model, "amount", None)
        shown = (
            literal(kind, String).label("kind"),
            model.id.label("id"),
            score.label("score"),
            *(text(name).label(name) for name in _TEXTS),
            (amount if amount is not None else null()).cast(Numeric(20, 4)).label("amount"),
            text("currency").label("currency"),
        )
        if dialect == "postgresql":
            # The best few of the tier, chosen from a bounded window of matches, then scored.
            ids = tier(repo.base(), model, terms, limit, close)
            if ids is None:
                return None
            best = ids.subquery()
            return select(*shown).join_from(best, model, model.id == best.c.id).subquery()
        match = search.match_clause(model, terms, dialect)
        assert match is not None  # there are words (checked above)
        return (
            repo.base()
            .with_only_columns(*shown)
            .where(match)
            .order_by(score.desc(), model.id)
            .limit(limit)
            .subquery()
        )


# A tier of PostgreSQL's search: the ids of a kind's best matches (search.typed_matches,
# search.close_matches), or None when the tier has nothing to look for.
Tier = Callable[[Select[Any], Any, Terms, Any, CloseWords | None], Select[Any] | None]

# Search statements by database, tier, kinds, shape of the words and the caller's visibility.
_statements: Memo[Select[Any] | None] = Memo(bound=512)


def _limit(kind: str) -> str:
    return f"search_limit_{kind}"


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

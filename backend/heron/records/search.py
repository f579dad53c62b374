"""Text search on records' ``search_text``, one clause per database.

PostgreSQL: every word must appear in the text (the trigram GIN index of migration 0004) or
one of the organization's words close to it must (pg_trgm's word similarity over the words
of each kind's records, ``search_words`` of migration 0014), so "acne" finds "Acme".
SQLite: every word must be the prefix of a word of the text, through the kind's FTS5 table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    String,
    Uuid,
    and_,
    any_,
    bindparam,
    column,
    false,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession

MAX_WORDS = 8
# Lower than pg_trgm's default (0.6) so that one wrong letter in a short word still matches.
WORD_SIMILARITY_THRESHOLD = 0.3
_WORD = re.compile(r"\w+", re.UNICODE)


def words_of(q: str) -> list[str]:
    return _WORD.findall(q.lower())[:MAX_WORDS]


# The threshold this transaction's searches run with (PostgreSQL), once set.
_READY = "heron.search_threshold"


def transaction_settings(session: AsyncSession) -> dict[str, str]:
    """The settings a search needs, for ``tenancy.enter`` to make with the others in one
    statement at the start of a request; ``prepare`` then has little or nothing to do."""
    session.info[_READY] = str(WORD_SIMILARITY_THRESHOLD)
    return {"pg_trgm.word_similarity_threshold": str(WORD_SIMILARITY_THRESHOLD)}


def threshold_for(q: str | None) -> float:
    """How similar a word of the text must be to each word of ``q`` to match it: enough to
    forgive one wrong, missing or swapped letter and little more (a swap costs up to five of a
    word's trigrams as word similarity counts them: "hamitlon" is 0.44 like "hamilton"). The
    lower the threshold, the more candidates the trigram index hands back to be checked one by
    one (~20 µs each): "hamilton" at 0.3 brought 982 companies to check and none matched; at
    0.45, none to check."""
    lengths = [len(w) for w in words_of(q or "") if len(w) >= FORGIVING_LENGTH]
    if not lengths:
        return WORD_SIMILARITY_THRESHOLD
    n = min(lengths) + 1  # a word's trigrams, with its padding
    return max(WORD_SIMILARITY_THRESHOLD, round((n - 5) / n - 0.01, 2))


async def prepare(session: AsyncSession, q: str | None = None) -> None:
    """Set this transaction's similarity threshold for searching ``q`` (PostgreSQL) before a
    search runs; without ``q``, the lowest."""
    await set_threshold(session, threshold_for(q))


async def set_threshold(session: AsyncSession, threshold: float) -> None:
    """Set this transaction's word-similarity threshold (PostgreSQL), which the ``<%``
    operator and the trigram index answer with, unless it is set so already."""
    wanted = str(threshold)
    if session.get_bind().dialect.name == "postgresql" and session.info.get(_READY) != wanted:
        await session.execute(_SET_THRESHOLD, {"v": wanted})
        session.info[_READY] = wanted


_SET_THRESHOLD = text("SELECT set_config('pg_trgm.word_similarity_threshold', :v, true)")


# Shorter words are not forgiven a typo: one wrong letter in three makes another word, and
# "jon" is close to a seventh of a million contacts.
FORGIVING_LENGTH = 4
# Shorter words cannot be found inside a word through the trigram index (no trigram of their
# own), so they match at the start of a word, as on SQLite.
INSIDE_LENGTH = 3


@dataclass(frozen=True)
class Terms:
    """The words of a search as the bound parameters its SQL reads. The SQL depends only on
    the words' ``shape`` (how many, and how long), so a statement built for one search serves
    any other of the same shape with ``params()``; each parameter also carries its value, so
    a statement built once and used once needs nothing more."""

    words: tuple[str, ...]

    @classmethod
    def of(cls, q: str | None) -> Terms:
        return cls(tuple(words_of(q or "")))

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(min(len(w), FORGIVING_LENGTH) for w in self.words)

    @property
    def forgiving(self) -> bool:
        """Whether a word is long enough to forgive a typo in (PostgreSQL's second tier)."""
        return any(len(w) >= FORGIVING_LENGTH for w in self.words)

    def params(self) -> dict[str, str]:
        return dict(self._values)

    @cached_property
    def _values(self) -> dict[str, str]:
        values = {"search_phrase": " ".join(self.words), "search_fts": _fts_query(self.words)}
        if self.words:
            values |= {"search_first": self.words[0], "search_first_start": " " + self.words[0]}
        for i, word in enumerate(self.words):
            escaped = word.replace("/", "//").replace("%", "/%").replace("_", "/_")
            values |= {
                f"search_w{i}": word,
                f"search_in{i}": f"%{escaped}%",
                f"search_start{i}": f"{escaped}%",
                f"search_word_start{i}": f"% {escaped}%",
            }
        return values

    def param(self, name: str) -> Any:
        return bindparam(name, self._values[name], type_=String)


def _fts_query(words: tuple[str, ...]) -> str:
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def _typed(column: Any, terms: Terms, i: int) -> ColumnElement[bool]:
    """``column`` holds word ``i`` as typed: anywhere, or at a word's start for short words."""
    if len(terms.words[i]) >= INSIDE_LENGTH:
        return column.like(terms.param(f"search_in{i}"), escape="/")
    return column.like(terms.param(f"search_start{i}"), escape="/") | column.like(
        terms.param(f"search_word_start{i}"), escape="/"
    )


# The words of each kind's records in each organization (PostgreSQL, migration 0014; kept
# by triggers, outside the models as the SQLite FTS5 tables are).
search_words = table(
    "search_words", column("org_id", Uuid), column("kind", String), column("word", String)
)

# How many of the words close to a typed one a search looks for, the closest first: enough
# for the word meant ("hamiltn": hamilton, hamlton, ...), not every word sharing a few
# trigrams with it.
CLOSE_WORDS = 12


@dataclass(frozen=True)
class Vocabulary:
    """Whose words a search forgives a typo with (PostgreSQL): an organization's records of
    one kind."""

    org_id: Any
    kind: str


def _close(column: Any, terms: Terms, i: int, vocabulary: Vocabulary) -> ColumnElement[bool]:
    """``column`` holds one of the words of ``vocabulary`` closest to word ``i`` (PostgreSQL's
    word similarity), for words long enough to forgive a typo in. The close words are found
    first, in ``search_words`` (a few milliseconds at a million records), and the records
    holding them through the trigram index, as a typed word is: checking the similarity of
    every record sharing a few trigrams with the word cost ~20 µs a record."""
    if len(terms.words[i]) < FORGIVING_LENGTH:
        return false()
    typed = terms.param(f"search_w{i}")
    close = (
        select(literal("%") + search_words.c.word + literal("%"))
        .where(
            search_words.c.org_id == vocabulary.org_id,
            search_words.c.kind == vocabulary.kind,
            typed.op("<%")(search_words.c.word),
        )
        .order_by(func.word_similarity(typed, search_words.c.word).desc(), search_words.c.word)
        .limit(CLOSE_WORDS)
    )
    # An array made once, before the rows are read: the trigram index then looks for each
    # close word as for a typed one.
    return column.like(any_(func.array(close.scalar_subquery())))


def match_clause(
    model: Any, q: str | Terms, dialect: str, vocabulary: Vocabulary | None = None
) -> ColumnElement[bool] | None:
    """Rows of ``model`` whose search text matches every word of ``q``; None for no words.
    On PostgreSQL a word may also be mistyped: one of ``vocabulary``'s words close to it
    then matches (without a vocabulary, words match as typed)."""
    terms = q if isinstance(q, Terms) else Terms.of(q)
    if not terms.words:
        return None
    column = model.search_text
    if dialect == "postgresql":
        return and_(
            *(
                _typed(column, terms, i)
                | (_close(column, terms, i, vocabulary) if vocabulary else false())
                for i in range(len(terms.words))
            )
        )
    table = model.__table__.name
    fts: ColumnElement[Any] = literal_column(f"{table}_fts")
    matching: Select[Any] = (
        select(literal_column("rowid"))
        .select_from(text(f"{table}_fts"))
        .where(fts.op("MATCH")(terms.param("search_fts")))
    )
    return literal_column(f"{table}.rowid").in_(matching)


def rank(model: Any, terms: Terms, dialect: str) -> ColumnElement[float]:
    """Higher is better: word similarity on PostgreSQL; on SQLite, earlier and shorter
    matches first (a cheap stand-in for bm25, which would need a join per kind)."""
    phrase = terms.param("search_phrase")
    column = model.search_text
    if dialect == "postgresql":
        return func.word_similarity(phrase, column)
    position = func.instr(column, phrase)
    return ((position > 0).cast(Float) * 2.0 - func.length(column).cast(Float) / 10_000.0).label(
        "rank"
    )


# How many matches PostgreSQL ranks, at most, per kind and tier (below): ranking every match
# of "hamilton" at a million contacts (1,838 hold it, 3,034 are close) took 300-480 ms.
RANK_WINDOW = 250


def typed_matches(
    base: Select[Any], model: Any, terms: Terms, limit: Any, _vocabulary: Vocabulary
) -> Select[Any]:
    """PostgreSQL, a search's first tier: the ids of the best ``limit`` rows of ``base`` holding
    every word as typed (``LIKE``, which the trigram index answers exactly), ranked by where
    the first word appears (at the start of a word, early in the text: the name comes first),
    then shorter text first. At most ``RANK_WINDOW`` matches are ranked: a word a few thousand
    records share is answered from that many, not from all of them."""
    column = model.search_text
    typed = (_typed(column, terms, i) for i in range(len(terms.words)))
    window = _window(base, model, and_(*typed))
    return (
        select(window.c.id)
        .order_by(
            func.strpos(literal(" ") + window.c.text, terms.param("search_first_start")) == 0,
            func.strpos(window.c.text, terms.param("search_first")),
            func.length(window.c.text),
            window.c.id,
        )
        .limit(limit)
    )


def close_matches(
    base: Select[Any], model: Any, terms: Terms, limit: Any, vocabulary: Vocabulary
) -> Select[Any] | None:
    """PostgreSQL, a search's second tier, for the kinds the first left short: the ids of the
    ``limit`` rows of ``base`` most like the words (word similarity, which forgives a typo)
    that the first tier did not find; None when no word is long enough to forgive a typo in.
    A statement of its own, which searches that find what was typed do not pay for. At most
    ``RANK_WINDOW`` matches are ranked (~20 µs each)."""
    if not terms.forgiving:
        return None
    column = model.search_text
    close = match_clause(model, terms, "postgresql", vocabulary)
    assert close is not None  # there are words
    typed = and_(*(_typed(column, terms, i) for i in range(len(terms.words))))
    window = _window(base, model, and_(close, ~typed))
    similarity = func.word_similarity(terms.param("search_phrase"), window.c.text)
    return select(window.c.id).order_by(similarity.desc(), window.c.id).limit(limit)


def _window(base: Select[Any], model: Any, where: ColumnElement[bool]) -> Any:
    """Up to ``RANK_WINDOW`` rows of ``base`` meeting ``where``: ids and search texts."""
    return (
        base.with_only_columns(model.id.label("id"), model.search_text.label("text"))
        .where(where)
        .limit(RANK_WINDOW)
        .subquery()
    )


SIMILAR_NAME_THRESHOLD = 0.6


def similar_clause(column: Any, text_: str, dialect: str) -> ColumnElement[bool]:
    """Values like ``text_``: trigram similarity on PostgreSQL, equal ignoring case on SQLite."""
    lowered = text_.strip().lower()
    if dialect == "postgresql":
        return func.similarity(func.lower(column), lowered) >= SIMILAR_NAME_THRESHOLD
    return func.lower(column) == lowered

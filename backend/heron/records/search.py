"""Text search on records' ``search_text``, one clause per database.

PostgreSQL: every word must appear in the text or be close to one of its words (pg_trgm's
word similarity, served by the trigram GIN index of migration 0004), so "acne" finds "Acme".
SQLite: every word must be the prefix of a word of the text, through the kind's FTS5 table.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    and_,
    func,
    literal,
    literal_column,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession

MAX_WORDS = 8
# Lower than pg_trgm's default (0.6) so that one wrong letter in a short word still matches.
WORD_SIMILARITY_THRESHOLD = 0.3
_WORD = re.compile(r"\w+", re.UNICODE)


def words_of(q: str) -> list[str]:
    return _WORD.findall(q.lower())[:MAX_WORDS]


# Marks a session whose transaction has the threshold set already.
_READY = "heron.search_ready"


def transaction_settings(session: AsyncSession) -> dict[str, str]:
    """The settings a search needs, for ``tenancy.enter`` to make with the others in one
    statement at the start of a request; ``prepare`` then has nothing to do."""
    session.info[_READY] = True
    return {"pg_trgm.word_similarity_threshold": str(WORD_SIMILARITY_THRESHOLD)}


async def prepare(session: AsyncSession) -> None:
    """Set this transaction's similarity threshold (PostgreSQL) before a search runs."""
    if session.get_bind().dialect.name == "postgresql" and not session.info.get(_READY):
        await session.execute(
            text(f"SET LOCAL pg_trgm.word_similarity_threshold = {WORD_SIMILARITY_THRESHOLD}")
        )
        session.info[_READY] = True


def _fts_query(words: list[str]) -> str:
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def match_clause(model: Any, q: str, dialect: str) -> ColumnElement[bool] | None:
    """Rows of ``model`` whose search text matches every word of ``q``; None for no words."""
    words = words_of(q)
    if not words:
        return None
    column = model.search_text
    if dialect == "postgresql":
        return and_(
            *((column.contains(w, autoescape=True)) | literal(w).op("<%")(column) for w in words)
        )
    table = model.__table__.name
    fts: ColumnElement[Any] = literal_column(f"{table}_fts")
    matching: Select[Any] = (
        select(literal_column("rowid"))
        .select_from(text(f"{table}_fts"))
        .where(fts.op("MATCH")(_fts_query(words)))
    )
    return literal_column(f"{table}.rowid").in_(matching)


def rank(model: Any, q: str, dialect: str) -> ColumnElement[float]:
    """Higher is better: word similarity on PostgreSQL; on SQLite, earlier and shorter
    matches first (a cheap stand-in for bm25, which would need a join per kind)."""
    phrase = " ".join(words_of(q))
    column = model.search_text
    if dialect == "postgresql":
        return func.word_similarity(phrase, column)
    position = func.instr(column, phrase)
    return ((position > 0).cast(Float) * 2.0 - func.length(column).cast(Float) / 10_000.0).label(
        "rank"
    )


SIMILAR_NAME_THRESHOLD = 0.6


def similar_clause(column: Any, text_: str, dialect: str) -> ColumnElement[bool]:
    """Values like ``text_``: trigram similarity on PostgreSQL, equal ignoring case on SQLite."""
    lowered = text_.strip().lower()
    if dialect == "postgresql":
        return func.similarity(func.lower(column), lowered) >= SIMILAR_NAME_THRESHOLD
    return func.lower(column) == lowered

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
    ARRAY,
    ColumnElement,
    Float,
    Integer,
    Select,
    String,
    Uuid,
    and_,
    any_,
    bindparam,
    cast,
    column,
    false,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
    true,
    union,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from heron.kit.memo import Memo

MAX_WORDS = 8
# Lower than pg_trgm's default (0.6) so that one wrong letter in a short word still matches.
WORD_SIMILARITY_THRESHOLD = 0.3
_WORD = re.compile(r"\w+", re.UNICODE)


def words_of(q: str) -> list[str]:
    return _WORD.findall(q.lower())[:MAX_WORDS]


def transaction_settings() -> dict[str, str]:
    """The settings a search needs, for ``tenancy.enter`` to make with the others in one
    statement at the start of a request: the lowest word-similarity threshold, at which the
    trigram index of ``search_words`` hands back the words ``close_words`` then checks."""
    return {"pg_trgm.word_similarity_threshold": str(WORD_SIMILARITY_THRESHOLD)}


def threshold_for(q: str | None) -> float:
    """How similar a word of the text must be to each word of ``q`` to match it: enough to
    forgive one wrong, missing or swapped letter and little more (a swap costs up to five of a
    word's trigrams as word similarity counts them: "hamitlon" is 0.44 like "hamilton"). The
    lower the threshold, the more words are close, and the more records hold one."""
    lengths = [len(w) for w in words_of(q or "") if forgives(w)]
    if not lengths:
        return WORD_SIMILARITY_THRESHOLD
    n = min(lengths) + 1  # a word's trigrams, with its padding
    return max(WORD_SIMILARITY_THRESHOLD, round((n - 5) / n - 0.01, 2))


# Shorter words are not forgiven a typo: one wrong letter in three makes another word, and
# "jon" is close to a seventh of a million contacts.
FORGIVING_LENGTH = 4


def forgives(word: str) -> bool:
    """Whether a typo is forgiven in ``word``: four letters or more, and no digit. Numbers
    and codes (phone numbers, the tags of e-mail addresses) match as typed: they are most of
    a CRM's distinct words (1.2 million of 1.5 at a million contacts), and a number one digit
    off is another number. ``heron_search_words`` (migration 0014) keeps the same words."""
    return len(word) >= FORGIVING_LENGTH and not any(c.isdigit() for c in word)


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
        return tuple(
            FORGIVING_LENGTH if forgives(w) else min(len(w), INSIDE_LENGTH) for w in self.words
        )

    @property
    def forgiving(self) -> bool:
        """Whether a typo is forgiven in some word (``forgives``: PostgreSQL's second tier)."""
        return any(forgives(w) for w in self.words)

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
class CloseWords:
    """The words of an organization's records of one kind closest to each word of a search
    (PostgreSQL), as ``LIKE`` patterns: a record holding one of them matches that word, a typo
    forgiven. Found in a statement of their own before the one that reads them, so that the
    planner sees them and looks each up through the trigram index as a typed word (inside
    that statement, as a subquery, it planned a scan of every record: 68 ms at a million
    contacts)."""

    kind: str
    patterns: tuple[tuple[str, ...], ...]  # for each word of the search

    def param(self, i: int) -> Any:
        """Word ``i``'s patterns, written into the statement's text when it runs rather than
        sent apart: a statement run often is prepared by the driver, and PostgreSQL then
        plans it once for any value; not knowing the words, that plan scanned every record
        (10 ms for a search at 10,000 contacts against 1.5 planned for the words)."""
        value = bindparam(
            self._name(i), list(self.patterns[i]), type_=ARRAY(String), literal_execute=True
        )
        return cast(value, ARRAY(String))  # typed, for a search with no close word

    def params(self) -> dict[str, list[str]]:
        return {self._name(i): list(p) for i, p in enumerate(self.patterns)}

    def where_mistyped(self, terms: Terms) -> CloseWords:
        """These words, but none for a word of ``terms`` that records hold as typed (one of
        its close words contains it): a list searched for "wright" shows the Wrights, not
        the Knights as well; "wrigth" still finds the Wrights. Search ranks the words as
        typed first and needs no such cut."""
        return CloseWords(
            self.kind,
            tuple(
                () if any(word in pattern for pattern in patterns) else patterns
                for word, patterns in zip(terms.words, self.patterns, strict=True)
            ),
        )

    def _name(self, i: int) -> str:
        return f"search_close_{self.kind}{i}"


async def close_words(
    session: AsyncSession, org_id: Any, kinds: list[str], terms: Terms
) -> dict[str, CloseWords]:
    """The words of ``org_id``'s records of each kind closest to each word of ``terms`` that a
    typo is forgiven in (``forgives``; from ``search_words``, under a millisecond a word at a
    million records), in one statement; none (and no statement) on SQLite or when no word
    forgives one."""
    if session.get_bind().dialect.name != "postgresql" or not terms.forgiving or not kinds:
        return {}
    key = (org_id, tuple(kinds), terms.shape)
    stmt = _close_statements.get(key, lambda: _close_statement(org_id, kinds, terms))
    params = terms.params() | {"search_close_threshold": threshold_for(" ".join(terms.words))}
    found: dict[tuple[str, int], list[str]] = {}
    for kind, i, word in await session.execute(stmt, params):
        found.setdefault((kind, i), []).append(f"%{word}%")
    return {
        kind: CloseWords(
            kind, tuple(tuple(found.get((kind, i), ())) for i in range(len(terms.words)))
        )
        for kind in kinds
    }


def _close_statement(org_id: Any, kinds: list[str], terms: Terms) -> Any:
    threshold = bindparam("search_close_threshold", type_=Float)
    branches = [
        _closest_words(
            org_id, kind, terms.param(f"search_w{i}"), threshold, CLOSE_WORDS,
            literal(kind, String).label("kind"), literal(i, Integer).label("i"),
        ).subquery()
        for kind in kinds
        for i, word in enumerate(terms.words)
        if forgives(word)
    ]  # fmt: skip
    return union_all(*(select(*b.c) for b in branches))


def _closest_words(
    org_id: Any, kind: str, typed: Any, threshold: Any, limit: int, *columns: Any
) -> Select[Any]:
    """The ``limit`` words of ``search_words`` closest to ``typed`` (word similarity, at least
    ``threshold``), closest first, after ``columns``. The words' trigram index answers "%>"
    at the transaction's lowest threshold; ``threshold`` is checked on the few it hands back."""
    similarity = func.word_similarity(typed, search_words.c.word)
    return (
        select(*columns, search_words.c.word)
        .where(
            search_words.c.org_id == org_id,
            search_words.c.kind == kind,
            search_words.c.word.op("%>")(typed),
            similarity >= threshold,
        )
        .order_by(similarity.desc(), search_words.c.word)
        .limit(limit)
    )


# The distinct words of the records of a table (aliased r) as ``search_words`` keeps them.
_WORDS_OF = "SELECT DISTINCT {what} FROM {table} r, heron_search_words(r.search_text) AS w"


async def add_words(session: AsyncSession, kind: str, table_name: str, org_ids: set[Any]) -> None:
    """What the insert triggers of migration 0014 do, for records of ``kind`` in these
    organizations loaded without them (the bulk loader): add to ``search_words`` their words
    it does not hold yet."""
    words = _WORDS_OF.format(what="r.org_id, :kind, w", table=table_name)
    await session.execute(
        text(
            f"INSERT INTO search_words (org_id, kind, word) {words} "
            "WHERE r.org_id = ANY(:orgs) ORDER BY 1, 3 ON CONFLICT DO NOTHING"
        ),
        {"kind": kind, "orgs": list(org_ids)},
    )


async def forget_words(
    session: AsyncSession, kind: str, table_name: str, org_ids: set[Any]
) -> None:
    """After records of ``kind`` of these organizations were removed for good (PostgreSQL):
    take out of ``search_words`` the words no record of the kind, live or in the trash, holds
    any more. Each organization's words are made again from its records (~10 s for the
    contacts of a million, once a night at most): checking only the words of the removed
    records through the trigram index took as long or longer (a word held only inside other
    words, such as a removed "insur" beside "insurance", meant reading every one of those)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    held = _WORDS_OF.format(what="w", table=table_name)
    for org_id in org_ids:
        await session.execute(
            text(
                "DELETE FROM search_words s WHERE s.org_id = :org AND s.kind = :kind "  # noqa: S608
                f"AND NOT EXISTS (SELECT 1 FROM ({held} WHERE r.org_id = :org) held "
                "WHERE held.w = s.word)"
            ),
            {"org": org_id, "kind": kind},
        )


# Close-word statements by organization, kinds and shape of the words.
_close_statements: Memo[Any] = Memo(bound=512)


def match_clause(
    model: Any, q: str | Terms, dialect: str, close: CloseWords | None = None
) -> ColumnElement[bool] | None:
    """Rows of ``model`` whose search text matches every word of ``q``; None for no words.
    On PostgreSQL a word may also be mistyped: a record holding one of its ``close`` words
    then matches (without them, words match as typed)."""
    terms = q if isinstance(q, Terms) else Terms.of(q)
    if not terms.words:
        return None
    column = model.search_text
    if dialect == "postgresql":
        return and_(
            *(
                _typed(column, terms, i)
                | (
                    column.like(any_(close.param(i)))
                    if close is not None and forgives(terms.words[i])
                    else false()
                )
                for i in range(len(terms.words))
            )
        )
    table_ = model.__table__.name
    fts: ColumnElement[Any] = literal_column(f"{table_}_fts")
    matching: Select[Any] = (
        select(literal_column("rowid"))
        .select_from(text(f"{table_}_fts"))
        .where(fts.op("MATCH")(terms.param("search_fts")))
    )
    return literal_column(f"{table_}.rowid").in_(matching)


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
    base: Select[Any], model: Any, terms: Terms, limit: Any, _close: CloseWords | None
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
    base: Select[Any], model: Any, terms: Terms, limit: Any, close_words: CloseWords | None
) -> Select[Any] | None:
    """PostgreSQL, a search's second tier, for the kinds the first left short: the ids of the
    ``limit`` rows of ``base`` most like the words (word similarity, which forgives a typo)
    that the first tier did not find; None when no word forgives a typo (``forgives``).
    A statement of its own, which searches that find what was typed do not pay for. At most
    ``RANK_WINDOW`` matches are ranked (~20 µs each)."""
    if not terms.forgiving:
        return None
    column = model.search_text
    close = match_clause(model, terms, "postgresql", close_words)
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
# A word of a name is also tried as each of the organization's words closest to it (one typo),
# for names of up to NAME_WORDS_VARIED words: at most 5 x 5 x 5 names to look up, each through
# the name-key index in a few rows. A longer name is looked up as typed.
NAME_WORD_VARIANTS = 4
NAME_WORDS_VARIED = 3
# A word of a name with what sticks to it ("acme," -> "", "acme", ","): the close words of the
# letters keep the punctuation, so that the name they make is one a record can be called.
_NAME_WORD = re.compile(r"^(\W*)(\w+)(\W*)$")


def name_shape(key: str, dialect: str) -> tuple[bool, ...] | None:
    """Which words of the name key ``key`` are tried as the organization's words closest to
    them (``name_variants``): on PostgreSQL, for a name of up to ``NAME_WORDS_VARIED`` words,
    those that forgive a typo. None when no word is (SQLite, a long name, short words): the
    name is then looked up as typed. Statements are built once per shape."""
    words = key.split(" ")
    if dialect != "postgresql" or len(words) > NAME_WORDS_VARIED:
        return None
    shape = tuple(_varied(word) is not None for word in words)
    return shape if any(shape) else None


def name_params(key: str, shape: tuple[bool, ...] | None) -> dict[str, Any]:
    """The values of the name statements (``name_variants``, ``name_key``) for ``key``."""
    params: dict[str, Any] = {"name_key": key}
    for i, word in enumerate(key.split(" ") if shape is not None else ()):
        params[f"name_w{i}"] = word
        found = _varied(word)
        if found is not None:
            before, letters, after = found
            params |= {
                f"name_w{i}_before": before,
                f"name_w{i}_letters": letters,
                f"name_w{i}_after": after,
                f"name_w{i}_threshold": threshold_for(letters),
            }
    return params


def _varied(word: str) -> tuple[str, str, str] | None:
    """A word of a name as what sticks before it, its letters and what sticks after, when
    its letters forgive a typo."""
    found = _NAME_WORD.match(word)
    if found is None or not forgives(found.group(2)):
        return None
    before, letters, after = found.groups()
    return before, letters, after


def name_variants(org_id: Any, kind: str, shape: tuple[bool, ...]) -> Any:
    """The names (as ``name_key`` keeps them: lower-cased, single-spaced) a record whose name
    key is ``:name_key`` may be a duplicate of: the key itself and the names made of the
    organization's words of the kind (those of ``search_words``) closest to each of its words
    that ``shape`` varies, as similar to the key as ``SIMILAR_NAME_THRESHOLD`` asks (pg_trgm's
    similarity, the rule the check has always had: "ada lovelaec" is like "ada lovelace",
    "acne" is not like "acme"), as a common table expression of one column ``name``. The
    words are bound parameters (``name_params``)."""
    parts: list[Any] = []
    for i, varied in enumerate(shape):
        typed = bindparam(f"name_w{i}", type_=String)
        if not varied:
            parts.append(select(typed.label("w")).subquery(f"name_w{i}"))
            continue
        close = _closest_words(
            org_id, kind, bindparam(f"name_w{i}_letters", type_=String),
            bindparam(f"name_w{i}_threshold", type_=Float), NAME_WORD_VARIANTS,
        ).subquery()  # fmt: skip
        spelled = (
            bindparam(f"name_w{i}_before", type_=String)
            + close.c.word
            + bindparam(f"name_w{i}_after", type_=String)
        )
        parts.append(union(select(typed.label("w")), select(spelled)).subquery(f"name_w{i}"))
    name: Any = parts[0].c.w
    for part in parts[1:]:
        name = name + literal(" ", String) + part.c.w
    names = select(name.label("name")).select_from(parts[0])
    for part in parts[1:]:
        names = names.join(part, true())
    # Materialized: the names are then plain values to the lookups. Inlined, each lookup
    # compared the name key with the concatenation that makes the name, which is not
    # LEAKPROOF: no index key under row-level security, and every record was read.
    key = bindparam("name_key", type_=String)
    names = names.where(func.similarity(name, key) >= SIMILAR_NAME_THRESHOLD)
    return names.cte("names").prefix_with("MATERIALIZED")

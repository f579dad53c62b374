"""search: price pg_trgm's word-similarity operators as the work they are

PostgreSQL prices a function call at its ``COST`` (1 by default: a cheap built-in), and pg_trgm
leaves its operators there. ``'word' <% search_text`` computes a word similarity, ~7 µs a row
on the benchmark machine, so on a table of a thousand rows the planner found a sequential scan
computing it for every row (cost 84) cheaper than the trigram index (cost 128): a search's
second tier spent 7.7 ms scanning an organization's 1,000 companies where the index answers in
0.2 ms (bench/api at the small size, docs/performance.md). At ``COST 100`` the planner weighs
the call as it is and takes the index; on large tables it already did.

Only a superuser may alter an extension's functions: elsewhere the step is skipped with a
warning, and search stays correct, only slower on small tables. The cost belongs to the
database, not to a dump: a restored database needs this migration's upgrade again (as 0009's).

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

from alembic import op

from heron.ops.migrations import superuser_on_postgresql

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COST = 100
FUNCTIONS = (
    "word_similarity_op(text, text)",
    "word_similarity_commutator_op(text, text)",
)


WITHOUT = (
    "pg_trgm's word-similarity operators keep their default cost, so search may scan "
    "small tables instead of using their trigram indexes."
)


def upgrade() -> None:
    if superuser_on_postgresql(op.get_bind(), WITHOUT):
        for function in FUNCTIONS:
            op.execute(f"ALTER FUNCTION {function} COST {COST}")


def downgrade() -> None:
    if superuser_on_postgresql(op.get_bind(), WITHOUT):
        for function in FUNCTIONS:
            op.execute(f"ALTER FUNCTION {function} COST 1")

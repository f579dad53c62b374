"""custom fields: let the GIN index serve equality filters under row-level security

PostgreSQL applies a row-level security policy before any condition whose function is not
LEAKPROOF, so ``custom @> '{"key": value}'`` (``jsonb_contains``) could never use the GIN index
``ix_<table>_custom`` for the application's role: every custom-field filter scanned the table.
``jsonb_contains`` compares two jsonb values and raises no error that could reveal a row, so it
is marked LEAKPROOF. Only a superuser may do this: where migrations run as another role (many
managed PostgreSQL services), the step is skipped with a warning and filters stay correct, only
slower (docs/adr/0005).

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

from alembic import op

from heron.ops.migrations import superuser_on_postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


WITHOUT = (
    "jsonb_contains stays non-LEAKPROOF, so custom-field filters cannot use their GIN "
    "index under row-level security."
)


def upgrade() -> None:
    if superuser_on_postgresql(op.get_bind(), WITHOUT):
        op.execute("ALTER FUNCTION jsonb_contains(jsonb, jsonb) LEAKPROOF")


def downgrade() -> None:
    if superuser_on_postgresql(op.get_bind(), WITHOUT):
        op.execute("ALTER FUNCTION jsonb_contains(jsonb, jsonb) NOT LEAKPROOF")

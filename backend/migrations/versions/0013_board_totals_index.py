"""deals: the board's index carries what a column's totals read

A board shows each column's count and sums of the deals the caller may see. They were one
grouped pass over the pipeline's deals, which read every deal's row from the table: 5.6 of the
board's 10.4 ms at 10,000 deals. ``ix_deals_live_board`` now carries the columns the totals read
(amount, probability, currency and the owner, for roles that see only their own or their
team's deals), and the pass reads the index alone: 2.9 ms (docs/performance.md).

PostgreSQL only: SQLite has no included columns, and its index stays as it was.

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "ix_deals_live_board"
KEYS = ["org_id", "pipeline_id", "stage_id", "position", "id"]
INCLUDED = ["amount", "probability", "currency", "owner_id"]
LIVE = sa.text("deleted_at IS NULL")


def _recreate(include: list[str]) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index(NAME, table_name="deals")
    op.create_index(NAME, "deals", KEYS, postgresql_where=LIVE, postgresql_include=include)


def upgrade() -> None:
    _recreate(INCLUDED)


def downgrade() -> None:
    _recreate([])

"""companies, contacts, leads: a name key for the likely-duplicate check

Creating a company, a contact or a lead lists the records with a similar name. The check
compared ``similarity(lower(name), ...)`` (PostgreSQL) or ``lower(name) = ...`` (SQLite) with
every live record of the organization: at the large bench size a company's create spent
~270 ms and a lead's ~510 ms in it, and a contact's trigram pre-filter 50-270 ms for a common
name ("Jon Smith": 46,000 candidates). A function of a column is no index key under
row-level security (it is not LEAKPROOF), so ``name_key`` stores the name lower-cased with its
words single-spaced (``heron.models.record.NameKeyMixin``, rebuilt before every flush), and
``ix_<table>_live_name_key`` finds the live records called so, in id order, in a few rows
(heron.records.repository.RecordRepository.similar_named).

Existing rows are filled here: by SQL on PostgreSQL (its ``lower`` and ``\\s``, as close to
Python's ``lower`` and ``split`` as matters for names), by Python on SQLite.

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> the columns its name is made of (frozen here: the models may change)
NAMED = {
    "companies": ("name",),
    "contacts": ("first_name", "last_name"),
    "leads": ("name",),
}
LIVE = sa.text("deleted_at IS NULL")
BATCH = 5_000


def upgrade() -> None:
    bind = op.get_bind()
    for table in NAMED:
        op.add_column(table, sa.Column("name_key", sa.Text(), nullable=False, server_default=""))
    if bind.dialect.name == "postgresql":
        op.execute("SELECT set_config('heron.bypass_rls', 'on', true)")
        for table, columns in NAMED.items():
            joined = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
            op.execute(
                f"UPDATE {table} SET name_key = "
                f"lower(btrim(regexp_replace({joined}, '\\s+', ' ', 'g')))"
            )
        op.execute("SELECT set_config('heron.bypass_rls', '', true)")
    else:
        for table, columns in NAMED.items():
            _fill_sqlite(bind, table, columns)
    for table in NAMED:
        op.create_index(
            f"ix_{table}_live_name_key", table, ["org_id", "name_key", "id"],
            postgresql_where=LIVE, sqlite_where=LIVE,
        )  # fmt: skip


def _fill_sqlite(bind: sa.Connection, table: str, columns: tuple[str, ...]) -> None:
    listed = ", ".join(columns)
    rows = bind.execute(sa.text(f"SELECT id, {listed} FROM {table}")).all()
    update = sa.text(f"UPDATE {table} SET name_key = :key WHERE id = :id")
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        bind.execute(
            update,
            [
                {"id": row[0], "key": " ".join(" ".join(p or "" for p in row[1:]).lower().split())}
                for row in batch
            ],
        )


def downgrade() -> None:
    for table in NAMED:
        op.drop_index(f"ix_{table}_live_name_key", table_name=table)
        op.execute(f"ALTER TABLE {table} DROP COLUMN name_key")  # SQLite has it since 3.35

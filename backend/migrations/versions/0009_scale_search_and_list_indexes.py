"""scale: search under row-level security, indexes in the order lists page through

Measured on the generated data sets (bench/, docs/performance.md).

Indexes of the live rows (``deleted_at IS NULL``) in the order each list pages through, ending
on the id so that keyset pages seek (heron.kit.pagination): contacts by name and by last name,
companies by name and by creation, leads, deals and activities by creation, and a pipeline's
deals by column and card (the board). They replace the contacts' and companies' name indexes,
which stopped before the id.


As for custom-field filters (0005): PostgreSQL applies a row-level security policy before any
condition whose function is not LEAKPROOF, so a search's ``search_text LIKE '%word%'``
(``textlike``) and ``'word' <% search_text`` (pg_trgm's word similarity) could never use the
trigram GIN index ``ix_<table>_search_trgm`` for the application's role: every search scanned
the whole table and computed a similarity for each row (1.5 s for 10,000 contacts on the
benchmark machine, minutes at a million). These functions compare two texts and raise no error
that depends on a row's value, so they are marked LEAKPROOF. Only a superuser may do this:
elsewhere the step is skipped with a warning, and search stays correct, only slower.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from heron.ops.migrations import superuser_on_postgresql

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTIONS = (
    "textlike(text, text)",
    "word_similarity_op(text, text)",
    "word_similarity_commutator_op(text, text)",
)


WITHOUT = (
    "the search operators stay non-LEAKPROOF, so search cannot use its trigram "
    "indexes under row-level security."
)


LIVE = sa.text("deleted_at IS NULL")
# (table, index, columns)
LIVE_INDEXES = (
    ("contacts", "ix_contacts_live_name", ["org_id", "last_name", "first_name", "id"]),
    ("contacts", "ix_contacts_live_last_name", ["org_id", "last_name", "id"]),
    ("companies", "ix_companies_live_name", ["org_id", "name", "id"]),
    ("companies", "ix_companies_live_created", ["org_id", "created_at", "id"]),
    ("leads", "ix_leads_live_created", ["org_id", "created_at", "id"]),
    ("deals", "ix_deals_live_board", ["org_id", "pipeline_id", "stage_id", "position", "id"]),
    ("deals", "ix_deals_live_created", ["org_id", "created_at", "id"]),
    ("activities", "ix_activities_live_created", ["org_id", "created_at", "id"]),
)
# (table, index, columns) replaced by the above
REPLACED = (
    ("contacts", "ix_contacts_org_last_name", ["org_id", "last_name", "first_name"]),
    ("companies", "ix_companies_org_name", ["org_id", "name"]),
)


def upgrade() -> None:
    if superuser_on_postgresql(op.get_bind(), WITHOUT):
        for function in FUNCTIONS:
            op.execute(f"ALTER FUNCTION {function} LEAKPROOF")
    for table, name, columns in LIVE_INDEXES:
        op.create_index(name, table, columns, postgresql_where=LIVE, sqlite_where=LIVE)
    for table, name, _ in REPLACED:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for table, name, columns in REPLACED:
        op.create_index(name, table, columns)
    for table, name, _ in LIVE_INDEXES:
        op.drop_index(name, table_name=table)
    if superuser_on_postgresql(op.get_bind(), WITHOUT):
        for function in FUNCTIONS:
            op.execute(f"ALTER FUNCTION {function} NOT LEAKPROOF")

"""imports: the imports table and the ledger of what each import created or changed

PostgreSQL: both tables get the tenant policy of migration 0002.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT_TABLES = ("imports", "import_changes")
# The tables a bulk import writes. An import inserts thousands of rows in one transaction that
# autovacuum cannot see: the planner's estimates stay those of the empty table and its lookups
# by key turn into nested loops over the whole organization. ANALYZE in the transaction
# samples its own new rows; the app's role cannot run it (it owns no table), so the import
# calls this function, owned by the tables' owner. pg_stats hides the statistics of tables
# under row-level security from that role, so nothing of other organizations shows.
STATS_FUNCTION = """
CREATE FUNCTION heron_refresh_import_stats() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    ANALYZE contacts, contact_emails, contact_phones, companies, leads, tags, taggings,
        import_changes;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "imports",
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("file_key", sa.String(length=300), nullable=False),
        sa.Column("file_size", sa.Integer(), nullable=False),
        sa.Column("source", sa.JSON(), nullable=False),
        sa.Column("preview", sa.JSON(), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("last_pass", sa.String(length=10), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=True),
        sa.Column("errors_key", sa.String(length=300), nullable=True),
        sa.Column("error", sa.String(length=2000), nullable=True),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_imports_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_imports_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imports")),
    )  # fmt: skip
    op.create_index("ix_imports_org_created", "imports", ["org_id", "created_at"], unique=False)
    op.create_index(op.f("ix_imports_org_id"), "imports", ["org_id"], unique=False)
    op.create_table(
        "import_changes",
        sa.Column("import_id", sa.Uuid(), nullable=False),
        sa.Column("record_kind", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("version_after", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"], ["imports.id"], name=op.f("fk_import_changes_import_id_imports"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"],
            name=op.f("fk_import_changes_org_id_organizations"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_changes")),
        sa.UniqueConstraint(
            "import_id", "record_kind", "record_id",
            name=op.f("uq_import_changes_import_id_record_kind_record_id"),
        ),
    )  # fmt: skip
    op.create_index(op.f("ix_import_changes_org_id"), "import_changes", ["org_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(STATS_FUNCTION)
        for table in TENANT_TABLES:
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            op.execute(
                f"CREATE POLICY tenant_isolation ON {table} FOR ALL "
                "USING (heron_org_visible(org_id)) WITH CHECK (heron_org_visible(org_id))"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS heron_refresh_import_stats()")
        for table in TENANT_TABLES:
            op.execute(f"DROP POLICY IF EXISTS tenant_isolation ON {table}")
    op.drop_index(op.f("ix_import_changes_org_id"), table_name="import_changes")
    op.drop_table("import_changes")
    op.drop_index(op.f("ix_imports_org_id"), table_name="imports")
    op.drop_index("ix_imports_org_created", table_name="imports")
    op.drop_table("imports")

"""sales core: row-level security on the new tables, search indexes, custom-field indexes

PostgreSQL: every new tenant table gets the policy of migration 0002; ``search_text`` gets a
trigram GIN index (pg_trgm, typo-tolerant search) and ``custom`` a GIN index (custom-field
equality filters use ``@>``).

SQLite: an FTS5 table per searchable kind mirrors ``search_text`` through triggers (external
content keyed by the rowid). A VACUUM may renumber rowids of these tables; after one, rebuild
with ``INSERT INTO <table>_fts(<table>_fts) VALUES ('rebuild')`` (heron.search.repository
has ``rebuild_fts``).

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here: a later tenant table adds its own policy in its own migration.
TENANT_TABLES = (
    "companies",
    "contacts",
    "contact_emails",
    "contact_phones",
    "leads",
    "pipelines",
    "stages",
    "deals",
    "deal_contacts",
    "deal_stage_changes",
    "activities",
    "activity_links",
    "tags",
    "taggings",
    "custom_fields",
    "saved_views",
)
SEARCHABLE = ("companies", "contacts", "leads", "deals")
WITH_CUSTOM_FIELDS = SEARCHABLE


def _dialect() -> str:
    return op.get_bind().dialect.name


def _upgrade_postgresql() -> None:
    for table in TENANT_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant_isolation ON {table} FOR ALL "
            "USING (heron_org_visible(org_id)) WITH CHECK (heron_org_visible(org_id))"
        )
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in SEARCHABLE:
        op.execute(
            f"CREATE INDEX ix_{table}_search_trgm ON {table} USING gin (search_text gin_trgm_ops)"
        )
    for table in WITH_CUSTOM_FIELDS:
        op.execute(f"CREATE INDEX ix_{table}_custom ON {table} USING gin (custom jsonb_path_ops)")


def _downgrade_postgresql() -> None:
    for table in WITH_CUSTOM_FIELDS:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_custom")
    for table in SEARCHABLE:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_trgm")
    for table in TENANT_TABLES:
        op.execute(f"DROP POLICY IF EXISTS tenant_isolation ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    # pg_trgm stays: other objects of the database may use it.


def _upgrade_sqlite() -> None:
    for table in SEARCHABLE:
        fts = f"{table}_fts"
        op.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5(search_text, content='{table}', "
            "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute(
            f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {fts}(rowid, search_text) VALUES (new.rowid, new.search_text); END"
        )
        op.execute(
            f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, search_text) "
            f"VALUES ('delete', old.rowid, old.search_text); END"
        )
        op.execute(
            f"CREATE TRIGGER {fts}_update AFTER UPDATE OF search_text ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, search_text) "
            f"VALUES ('delete', old.rowid, old.search_text); "
            f"INSERT INTO {fts}(rowid, search_text) VALUES (new.rowid, new.search_text); END"
        )
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def _downgrade_sqlite() -> None:
    for table in SEARCHABLE:
        fts = f"{table}_fts"
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {fts}_{trigger}")
        op.execute(f"DROP TABLE IF EXISTS {fts}")


def upgrade() -> None:
    if _dialect() == "postgresql":
        _upgrade_postgresql()
    else:
        _upgrade_sqlite()


def downgrade() -> None:
    if _dialect() == "postgresql":
        _downgrade_postgresql()
    else:
        _downgrade_sqlite()

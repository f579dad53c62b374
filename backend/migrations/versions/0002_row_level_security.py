"""row-level security: the second line of tenant isolation (PostgreSQL only)

Every tenant table shows and accepts only the rows of the organization the transaction names
(``heron.org_id``, set with ``set_config(..., true)`` by ``heron.kit.tenancy``). A person also sees
their own memberships and the organizations they belong to (``heron.user_id``). Lookups that must
cross organizations (an API key by its hash, an invitation by its token, system commands) turn
``heron.bypass_rls`` on for a moment. Without any setting, raw SQL returns no rows.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here on purpose: a later migration adding a tenant table adds its own policy (the test
# tests/security/test_row_level_security.py fails until it does).
TENANT_TABLES = ("memberships", "teams", "team_members", "invitations", "api_keys", "events")
CURRENT_USER = "nullif(current_setting('heron.user_id', true), '')::uuid"
# A person sees the organizations they belong to (the list of their organizations, sign-in).
ORGANIZATION_USING = (
    "heron_org_visible(id) OR EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = organizations.id"
    " AND m.user_id = nullif(current_setting('heron.user_id', true), '')::uuid)"
)


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _protect(table: str, using: str, check: str) -> None:
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    # Without FORCE the table's owner would bypass the policies.
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant_isolation ON {table} FOR ALL USING ({using}) WITH CHECK ({check})"
    )


def upgrade() -> None:
    if not _is_postgresql():
        return
    op.execute(
        """
        CREATE FUNCTION heron_org_visible(org uuid) RETURNS boolean
        LANGUAGE sql STABLE AS $$
            SELECT coalesce(current_setting('heron.bypass_rls', true), '') = 'on'
                OR org = nullif(current_setting('heron.org_id', true), '')::uuid
        $$
        """
    )
    for table in TENANT_TABLES:
        if table == "memberships":
            using = f"heron_org_visible(org_id) OR user_id = {CURRENT_USER}"
        else:
            using = "heron_org_visible(org_id)"
        _protect(table, using, "heron_org_visible(org_id)")
    _protect("organizations", ORGANIZATION_USING, "heron_org_visible(id)")


def downgrade() -> None:
    if not _is_postgresql():
        return
    for table in (*TENANT_TABLES, "organizations"):
        op.execute(f"DROP POLICY IF EXISTS tenant_isolation ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute("DROP FUNCTION IF EXISTS heron_org_visible(uuid)")

"""search: the words of each kind's records, for forgiving a typo (PostgreSQL only)

A search's second tier (heron.records.search.close_matches) finds the records holding a word
close to each word typed. It asked the trigram index of ``search_text`` for every record
sharing enough trigrams with the word, then checked each candidate's whole text (~20 µs a
row): "hamiltn" at a million contacts was 33 ms of SQL alone. ``search_words`` holds each
distinct word of an organization's records of each kind, about ten thousand at a million
contacts: the words close to a typed one are found there in a fraction of a millisecond, and
the records holding them through the trigram index as any typed word is.

Triggers keep it in step: every insert of records, and every update that changes a record's
``search_text``, adds the words it does not hold yet. A word whose last record is deleted
stays (the record can be restored; such a word finds nothing) until the nightly purge of the
trash removes the record for good and, with it, the words no record holds any more
(heron.records.search.forget_words). Words shorter than four letters, and words with a digit,
are never forgiven a typo and are not kept. The bulk loader, which turns triggers off, adds
the words itself (heron.seed.bulk.load).

SQLite has no typo tolerance (FTS5 prefixes): nothing changes there.

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, kind)
SEARCHABLE = (
    ("companies", "company"),
    ("contacts", "contact"),
    ("leads", "lead"),
    ("deals", "deal"),
)

# The words of a search text as pg_trgm reads them (runs of letters and digits) that a typo
# is forgiven in (heron.records.search.forgives): 4 to 100 characters long (shorter ones are
# not forgiven a typo, longer ones nobody types) and without a digit (numbers and codes match
# as typed).
WORDS_FUNCTION = (
    "CREATE FUNCTION heron_search_words(text) RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$ "
    "SELECT w FROM regexp_split_to_table($1, '[^[:alnum:]]+') AS w "
    "WHERE length(w) BETWEEN 4 AND 100 AND w !~ '[[:digit:]]' $$"
)
# The words of ``rows`` (aliased r) that search_words does not hold yet.
ADD_WORDS = (
    "INSERT INTO search_words (org_id, kind, word) "
    "SELECT DISTINCT r.org_id, {kind}, w FROM {rows}, heron_search_words(r.search_text) AS w "
    "ORDER BY 1, 3 ON CONFLICT DO NOTHING"
)

# The row an update trigger was called for, as a one-row table.
NEW_ROW = "(SELECT NEW.org_id, NEW.search_text) AS r (org_id, search_text)"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE TABLE search_words ("
        " org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,"
        " kind varchar(16) NOT NULL,"
        " word text NOT NULL,"
        " CONSTRAINT pk_search_words PRIMARY KEY (org_id, kind, word))"
    )
    op.execute("CREATE INDEX ix_search_words_trgm ON search_words USING gin (word gin_trgm_ops)")
    op.execute("ALTER TABLE search_words ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE search_words FORCE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY tenant_isolation ON search_words FOR ALL "
        "USING (heron_org_visible(org_id)) WITH CHECK (heron_org_visible(org_id))"
    )
    op.execute(WORDS_FUNCTION)
    # The words of the rows a statement inserted (all at once: an import's batch is one
    # statement), and of a row whose text an update changed (a row trigger, so that the
    # updates that leave the text alone, such as a deal moved on the board, pay nothing).
    op.execute(
        "CREATE FUNCTION heron_inserted_search_words() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {ADD_WORDS.format(kind='TG_ARGV[0]', rows='new_rows r')}; RETURN NULL; END $$"
    )
    op.execute(
        "CREATE FUNCTION heron_updated_search_words() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {ADD_WORDS.format(kind='TG_ARGV[0]', rows=NEW_ROW)}; "
        "RETURN NULL; END $$"
    )
    # The words of the records there are: every organization's (row-level security set aside
    # for the migration's transaction, as the migrating role may be the tables' owner).
    op.execute("SELECT set_config('heron.bypass_rls', 'on', true)")
    for table, kind in SEARCHABLE:
        op.execute(
            f"CREATE TRIGGER {table}_search_words_insert AFTER INSERT ON {table} "
            "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
            f"EXECUTE FUNCTION heron_inserted_search_words('{kind}')"
        )
        op.execute(
            f"CREATE TRIGGER {table}_search_words_update AFTER UPDATE OF search_text ON {table} "
            "FOR EACH ROW WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text) "
            f"EXECUTE FUNCTION heron_updated_search_words('{kind}')"
        )
        op.execute(ADD_WORDS.format(kind=f"'{kind}'", rows=f"{table} r"))
    op.execute("SELECT set_config('heron.bypass_rls', '', true)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, _ in SEARCHABLE:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_search_words_insert ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_search_words_update ON {table}")
    op.execute("DROP FUNCTION IF EXISTS heron_inserted_search_words()")
    op.execute("DROP FUNCTION IF EXISTS heron_updated_search_words()")
    op.execute("DROP FUNCTION IF EXISTS heron_search_words(text)")
    op.execute("DROP TABLE IF EXISTS search_words")

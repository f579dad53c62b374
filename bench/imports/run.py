"""Import throughput: rows per second of a contacts CSV through Heron's import (full
validation, in-file dedupe, companies by column, tags, search text, child rows, undo ledger),
next to two floors measured on the same database in the same run: PostgreSQL's own COPY of the
same file into a bare table of text columns, and the rows the import wrote inserted again, in
SQL alone, into tables with the same indexes (what the database itself needs to store them).

Run from backend/ (``make bench-imports`` does)::

    uv run --no-sync python ../bench/imports/run.py --rows 1000000 [--sqlite]

It makes a PostgreSQL database of its own on HERON_TEST_POSTGRES_URL's server (dropped
afterwards), migrates it, and imports as a role that is neither owner nor superuser, so
row-level security is in force as in production. Figures go to stdout and to
bench/results/<date>-imports.json. Nothing is asserted: speed lives here, not in the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

BACKEND = Path(__file__).resolve().parents[2] / "backend"
sys.path.insert(0, str(BACKEND))

from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from heron.db import Database, create_engine  # noqa: E402
from heron.imports.limits import Limits  # noqa: E402
from heron.imports.plan import Plan  # noqa: E402
from heron.imports.runner import run_rows  # noqa: E402
from heron.kit import tenancy  # noqa: E402
from heron.kit.subject import ActorType, Subject  # noqa: E402
from heron.models import Contact, DataImport, Membership, Organization, User  # noqa: E402
from tests.helpers.databases import POSTGRES_URL, admin, migrate, scratch_postgres  # noqa: E402

HEADERS = ["First Name", "Last Name", "E-mail Address", "Mobile Phone", "Company Name",
           "Job Title", "City", "Country", "Tags"]  # fmt: skip
MAPPING = ["first_name", "last_name", "email", "phone_other", "company", "job_title",
           "address_city", "address_country", "tags"]  # fmt: skip
FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Linus", "Radia"]
LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Perlman"]
CITIES = [("Paris", "FR"), ("London", "GB"), ("Berlin", "DE"), ("New York", "US"), ("Lyon", "FR")]
ROLE = "heron_bench"
T = TypeVar("T")


def write_csv(path: Path, rows: int) -> None:
    """``rows`` contacts: unique e-mails (1 % repeated further down the file: the same person
    twice), a phone on half of them, 10,000 companies, a tag on a tenth."""
    rnd = random.Random(7)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(HEADERS) + "\n")
        for i in range(rows):
            n = i - 5_001 if i % 100 == 50 and i > 5_001 else i  # a twin of an earlier row
            city, country = CITIES[n % len(CITIES)]
            phone = f"+1 415 555 {n % 10_000:04d}" if n % 2 else ""
            tags = "vip" if n % 10 == 0 else ""
            out.write(
                f"{FIRST[n % 9]},{LAST[n % 8]} {n},person{n}@example{n % 97}.com,{phone},"
                f"Company {rnd.randrange(10_000)},Engineer,{city},{country},{tags}\n"
            )


def copy_baseline(url: str, path: Path) -> float:
    """Seconds PostgreSQL's COPY takes to load the file into a table of text columns."""
    import psycopg

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as conn:
        columns = ", ".join(f"c{i} text" for i in range(len(HEADERS)))
        conn.execute(f"CREATE TABLE copy_baseline ({columns})")
        started = time.perf_counter()
        with conn.cursor() as cursor, path.open("rb") as source:
            with cursor.copy("COPY copy_baseline FROM STDIN (FORMAT csv, HEADER true)") as copy:
                while chunk := source.read(1024 * 1024):
                    copy.write(chunk)
        return time.perf_counter() - started


# The tables an import of contacts writes, parents first.
WRITTEN = (
    "companies",
    "contacts",
    "contact_emails",
    "contact_phones",
    "taggings",
    "import_changes",
)


def write_floor(url: str, org_id: uuid.UUID) -> dict[str, float]:
    """The SQL floor of the import's writes: every row it stored, inserted again in one
    transaction into copies of its tables with the same indexes (``LIKE ... INCLUDING ALL``:
    the trigram and JSONB GIN indexes with their pending-list limit, the B-trees) and foreign
    keys, from a snapshot of those rows: no validation, no dedupe, no key lookups, no
    row-level-security checks. Answers the rows and seconds, and the seconds without the GIN
    indexes, which tell what full-text search costs each row."""
    import psycopg

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    floor: dict[str, float] = {}
    with psycopg.connect(plain, autocommit=True) as conn:
        for table in WRITTEN:
            conn.execute(
                f"CREATE TABLE src_{table} AS SELECT * FROM {table} WHERE org_id = %s", [org_id]
            )
        floor["rows"] = sum(
            conn.execute(f"SELECT count(*) FROM src_{table}").fetchone()[0]
            for table in WRITTEN  # type: ignore[index]
        )
        for name, gin in (("seconds", True), ("seconds_without_gin", False)):
            for table in WRITTEN:
                conn.execute(f"CREATE TABLE floor_{table} (LIKE {table} INCLUDING ALL)")
                foreign_keys = conn.execute(
                    "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype = 'f'",
                    [table],
                ).fetchall()
                for (definition,) in foreign_keys:
                    conn.execute(f"ALTER TABLE floor_{table} ADD {definition}")
                if not gin:
                    gin_indexes = conn.execute(
                        "SELECT indexname FROM pg_indexes WHERE tablename = %s "
                        "AND indexdef LIKE '%% USING gin %%'",
                        [f"floor_{table}"],
                    ).fetchall()
                    for (index,) in gin_indexes:
                        conn.execute(f"DROP INDEX {index}")
            started = time.perf_counter()
            with conn.transaction():
                for table in WRITTEN:
                    conn.execute(f"INSERT INTO floor_{table} SELECT * FROM src_{table}")
            floor[name] = time.perf_counter() - started
            for table in WRITTEN:
                conn.execute(f"DROP TABLE floor_{table}")
    return floor


async def import_file(url: str, path: Path) -> dict[str, float]:
    engine = create_engine(url, pool=False)
    db = Database(engine)
    try:
        async with db.transaction() as tx, tenancy.bypass(tx.session):
            org = Organization(name="Bench")
            user = User(email=f"bench-{uuid.uuid4().hex[:8]}@example.com", full_name="Bench",
                        password_hash="x")  # fmt: skip
            tx.session.add_all([org, user])
            await tx.session.flush()
            tx.session.add(Membership(org_id=org.id, user_id=user.id, role="owner"))
            record = DataImport(org_id=org.id, created_by_id=user.id, kind="contact",
                                filename=path.name, file_key="bench")  # fmt: skip
            tx.session.add(record)
            await tx.session.flush()
            ids = org.id, user.id, record.id
        subject = Subject(actor_type=ActorType.user, org_id=ids[0], role="owner", user_id=ids[1])
        plan = Plan(kind="contact", mapping=MAPPING, match_on="email", on_error="skip")
        started = time.perf_counter()
        async with db.transaction() as tx:
            await tenancy.enter(tx.session, ids[0], ids[1])
            with path.open("rb") as source:
                result = await run_rows(tx.session, subject, ids[2], plan, source, Limits())
        seconds = time.perf_counter() - started
        async with db.transaction() as tx, tenancy.bypass(tx.session):
            stored = await tx.session.scalar(
                select(func.count()).select_from(Contact).where(Contact.org_id == ids[0])
            )
        return {"seconds": seconds, "rows": result.rows, "contacts": int(stored or 0),
                "org_id": str(ids[0]),
                **{f"rows_{k}": v for k, v in result.counts.items()},
                "companies_created": result.companies_created}  # fmt: skip
    finally:
        await engine.dispose()


def app_role(url: str) -> str:
    admin(
        url,
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}') THEN "
        f"CREATE ROLE {ROLE} LOGIN NOSUPERUSER NOBYPASSRLS; END IF; END $$",
        f"GRANT USAGE ON SCHEMA public TO {ROLE}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {ROLE}",
    )
    return make_url(url).set(username=ROLE, password=None).render_as_string(hide_password=False)


def profiled(out: Path | None, work: Callable[[], T]) -> T:
    """``work()``, under cProfile when ``out`` is given (read it with ``python -m pstats``)."""
    if out is None:
        return work()
    import cProfile

    profile = cProfile.Profile()
    try:
        return profile.runcall(work)
    finally:
        profile.dump_stats(out)
        print(f"profile written to {out}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sqlite", action="store_true", help="also import into SQLite")
    parser.add_argument(
        "--profile", type=Path, help="write a cProfile of the PostgreSQL import to this file"
    )
    args = parser.parse_args()
    results: dict[str, object] = {"date": date.today().isoformat(), "rows": args.rows,
                                  "cpus": os.cpu_count()}  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.csv"
        write_csv(path, args.rows)
        results["file_bytes"] = path.stat().st_size
        with scratch_postgres("bench_imports") as url:
            migrate(url)
            results["postgresql_copy_rows_per_second"] = round(args.rows / copy_baseline(url, path))
            pg = profiled(args.profile, lambda: asyncio.run(import_file(app_role(url), path)))
            results["postgresql_import"] = pg
            results["postgresql_import_rows_per_second"] = round(args.rows / pg["seconds"])
            floor = write_floor(url, uuid.UUID(str(pg["org_id"])))
            results["postgresql_write_floor"] = floor
            # Per row of the file, as the import's figure is.
            results["postgresql_write_floor_rows_per_second"] = round(args.rows / floor["seconds"])
            results["postgresql_write_floor_without_gin_rows_per_second"] = round(
                args.rows / floor["seconds_without_gin"]
            )
        if args.sqlite:
            sqlite_url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
            migrate(sqlite_url)
            lite = asyncio.run(import_file(sqlite_url, path))
            results["sqlite_import"] = lite
            results["sqlite_import_rows_per_second"] = round(args.rows / lite["seconds"])
    results["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(results, indent=2))
    out = (
        Path(__file__).resolve().parents[1] / "results" / f"{date.today().isoformat()}-imports.json"
    )
    out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    if "HERON_TEST_POSTGRES_URL" not in os.environ:
        os.environ["HERON_TEST_POSTGRES_URL"] = POSTGRES_URL
    main()

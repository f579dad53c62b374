"""Export benchmark (issue 5): rows per second and memory growth of a list export on PostgreSQL.

Run from backend/: ``uv run --no-sync python ../bench/exports/run.py`` (``make bench-exports``).

1. Makes a scratch PostgreSQL database (``BENCH_POSTGRES_URL``, default the local server's
   ``postgres`` superuser), migrates it, and adds an organization, its Owner and a custom field.
2. Generates the contacts in the database itself, ``INSERT ... SELECT`` over
   ``generate_series`` (a million rows in seconds; Python would take minutes).
3. For each size (100,000 then 1,000,000 by default: ``--sizes``) and format, runs the export in
   a fresh process, through the code the API and the export job use
   (``ExportRepository.prepare`` then the streamed rows into ``CsvWriter``/``XlsxWriter``), as
   the application's role (row-level security in force), the list's default sort and the web
   list's default columns plus a custom field, writing to a file. It reports the time, rows per
   second, and the growth of the process's resident memory (peak during the export minus before).
4. Prints the figures and writes ``bench/results/<date>-exports.json``; drops the database unless
   ``--keep``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
BASE_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
APP_ROLE = "heron_app"
COLUMNS = "full_name,email,phone,company,owner,created_at,custom.tier"
SORT = None  # the list's default: last_name, first_name, id


def admin(url: str, *statements: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def make_database(rows: int) -> tuple[str, dict[str, str]]:
    """A migrated database with ``rows`` contacts; its URL and the ids the export needs."""
    from heron.ops.migrations import alembic_config

    name = f"heron_bench_exports_{os.getpid()}"
    admin(BASE_URL, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    url = make_url(BASE_URL).set(database=name).render_as_string(hide_password=False)
    from alembic import command

    config = alembic_config(url)
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")
    org, user, company = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    started = time.perf_counter()
    admin(
        url,
        f"""DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
                  CREATE ROLE {APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS;
              END IF; END $$""",
        f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE}",
        f"INSERT INTO organizations (id, name, default_currency, time_zone, locale, "
        f"fiscal_year_start_month, created_at, updated_at, version) "
        f"VALUES ('{org}', 'Bench', 'EUR', 'UTC', 'en', 1, now(), now(), 1)",
        f"INSERT INTO users (id, email, full_name, is_active, created_at, updated_at, version) "
        f"VALUES ('{user}', 'bench@example.com', 'Bench Owner', true, now(), now(), 1)",
        f"INSERT INTO memberships (id, org_id, user_id, role, created_at, updated_at, version) "
        f"VALUES ('{uuid.uuid4()}', '{org}', '{user}', 'owner', now(), now(), 1)",
        f"INSERT INTO custom_fields (id, org_id, record_kind, key, label, type, required, "
        f"options, position, created_at, updated_at, version) VALUES ('{uuid.uuid4()}', "
        f"'{org}', 'contact', 'tier', 'Tier', 'select', false, "
        """'[{"value": "gold", "label": "Gold"}, {"value": "silver", "label": "Silver"}]', 0, """
        "now(), now(), 1)",
        f"INSERT INTO companies (id, org_id, name, custom, search_text, created_at, updated_at, "
        f"version) VALUES ('{company}', '{org}', 'Acme', '{{}}', 'acme', now(), now(), 1)",
        # Rows made by PostgreSQL itself: names from the row number, every third with a company,
        # every tenth with a formula-looking job title, a custom field value on half.
        f"""INSERT INTO contacts (id, org_id, owner_id, created_by_id, first_name, last_name,
                email, phone, job_title, company_id, custom, social, search_text,
                created_at, updated_at, version)
            SELECT gen_random_uuid(), '{org}', '{user}', '{user}', 'First' || n, 'Last' || (n % 997),
                'person' || n || '@example.com', '+331' || lpad(n::text, 8, '0'),
                CASE WHEN n % 10 = 0 THEN '=HYPERLINK("x")' ELSE 'Engineer' END,
                CASE WHEN n % 3 = 0 THEN '{company}'::uuid END,
                CASE WHEN n % 2 = 0 THEN '{{"tier": "gold"}}'::jsonb ELSE '{{}}'::jsonb END,
                '{{}}', 'person' || n, now() - (n || ' seconds')::interval, now(), 1
            FROM generate_series(1, {rows}) AS n""",
        "ANALYZE",
    )
    generated = time.perf_counter() - started
    return url, {"org": str(org), "user": str(user), "generated_seconds": f"{generated:.1f}"}


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def export_once(url: str, org: str, user: str, fmt: str, limit: int) -> dict[str, Any]:
    """One export in this process: time, rows and resident memory growth."""
    from starlette.datastructures import QueryParams

    from heron.db import Database, create_engine as heron_engine
    from heron.exports.files import write_file
    from heron.exports.repository import ExportRepository, rows_in
    from heron.exports.schemas import ExportFormat
    from heron.kit import tenancy
    from heron.kit.subject import ActorType, Subject

    app_url = make_url(url).set(username=APP_ROLE, password=None)
    db = Database(heron_engine(app_url.render_as_string(hide_password=False), pool=False))
    subject = Subject(ActorType.user, uuid.UUID(org), "owner", user_id=uuid.UUID(user))
    peak = [rss_mb()]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], rss_mb())
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    before = rss_mb()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export.{fmt}"
        started, cpu = time.perf_counter(), time.process_time()
        async with db.transaction(write=False) as tx:
            await tenancy.enter(tx.session, subject.org_id, subject.user_id)
            repo = ExportRepository(tx.session, subject, "contact")
            export = await repo.prepare(QueryParams(), None, None, SORT, COLUMNS.split(","))
            query = export.statement.limit(limit)
            export = type(export)(**{**export.__dict__, "statement": query})
            written = await write_file(
                rows_in(tx.session, export), export, ExportFormat(fmt), path, "Contacts"
            )
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu
        size = path.stat().st_size
    stop.set()
    sampler.join()
    await db.dispose()
    return {
        "format": fmt,
        "rows": written.rows,
        "seconds": round(seconds, 2),
        "rows_per_second": round(written.rows / seconds),
        # This process's own CPU (fetching, formatting, writing), without PostgreSQL's.
        "cpu_seconds": round(cpu_seconds, 2),
        "rows_per_cpu_second": round(written.rows / cpu_seconds),
        "bytes": size,
        "rss_before_mb": round(before, 1),
        "rss_growth_mb": round(peak[0] - before, 1),
    }


def child(args: argparse.Namespace) -> None:
    result = asyncio.run(export_once(args.url, args.org, args.user, args.format, args.limit))
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--xlsx-max", type=int, default=1_000_000, help="largest XLSX size")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url")
    parser.add_argument("--org")
    parser.add_argument("--user")
    parser.add_argument("--format")
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    sizes = sorted(int(s) for s in args.sizes.split(","))
    url, ids = make_database(max(sizes))
    print(f"generated {max(sizes):,} contacts in {ids['generated_seconds']} s")
    runs = []
    try:
        for fmt in args.formats.split(","):
            for size in sizes:
                if fmt == "xlsx" and size > args.xlsx_max:
                    continue
                out = subprocess.run(  # noqa: S603
                    [sys.executable, __file__, "--child", "--url", url, "--org", ids["org"],
                     "--user", ids["user"], "--format", fmt, "--limit", str(size)],
                    capture_output=True, text=True, check=True,
                )  # fmt: skip
                run = json.loads(out.stdout.strip().splitlines()[-1])
                runs.append(run)
                print(
                    f"{fmt:4} {run['rows']:>9,} rows  {run['seconds']:>7.2f} s  "
                    f"{run['rows_per_second']:>9,} rows/s  ({run['rows_per_cpu_second']:,} rows per "
                    f"CPU second)  memory +{run['rss_growth_mb']} MB  "
                    f"({run['bytes'] / 1e6:.0f} MB file)"
                )
    finally:
        if not args.keep:
            admin(BASE_URL, f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    RESULTS.mkdir(parents=True, exist_ok=True)
    date = datetime.now(UTC).strftime("%Y-%m-%d")
    report = {
        "date": datetime.now(UTC).isoformat(),
        "machine": {"cpus": os.cpu_count()},
        "database": "postgresql",
        "columns": COLUMNS,
        "generated_seconds": float(ids["generated_seconds"]),
        "load_average": os.getloadavg(),
        "runs": runs,
        "targets": {"rows_per_second": 100_000, "rss_growth_mb": 50},
    }
    (RESULTS / f"{date}-exports.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote bench/results/{date}-exports.json")


if __name__ == "__main__":
    main()

"""The benchmark's databases: one per database kind and size, generated once by
`heron seed --size` and kept (var/bench/), migrated to the code's head on every run.

PostgreSQL: the database ``heron_bench_<size>`` on the server of HERON_BENCH_POSTGRES_URL
(default: the local one, as the superuser, who migrates and loads by COPY). Heron then serves
as ``heron_bench_app``, a role that is neither superuser nor BYPASSRLS, as in production: every
figure is measured under row-level security.

SQLite: the file var/bench/sqlite-<size>.db.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

# Bump when the generator makes different data: older data sets are generated again.
GENERATOR_VERSION = 2
SEED = 1
PASSWORD = "heron-bench-password"
APP_ROLE = "heron_bench_app"
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class Dataset:
    dialect: str  # "postgresql" | "sqlite"
    size: str
    admin_url: str  # migrations and seeding
    app_url: str  # what `heron serve` connects with
    email: str  # the generated organization's Owner
    password: str
    generated_seconds: float | None  # None: reused

    @property
    def sqlite_path(self) -> Path:
        return Path(make_url(self.admin_url).database or "")

    def libpq(self, *, admin: bool = False) -> str:
        """The URL for psycopg itself (no SQLAlchemy driver suffix)."""
        url = make_url(self.admin_url if admin else self.app_url).set(drivername="postgresql")
        return url.render_as_string(hide_password=False)


def heron(args: list[str], env: dict[str, str], log: Path) -> None:
    """Run a `heron` command (from backend's environment), its output appended to ``log``."""
    with log.open("a") as out:
        done = subprocess.run(
            [sys.executable, "-m", "heron.cli", *args],
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if done.returncode != 0:
        raise SystemExit(f"heron {' '.join(args)} failed; see {log}")


def prepare(dialect: str, size: str, var: Path, log: Path, say) -> Dataset:  # type: ignore[no-untyped-def]
    var.mkdir(parents=True, exist_ok=True)
    marker = var / f"{dialect}-{size}.json"
    wanted = {"generator": GENERATOR_VERSION, "seed": SEED, "size": size}
    if dialect == "postgresql":
        admin_url, app_url, exists = _postgres(size)
    else:
        path = var / f"sqlite-{size}.db"
        admin_url = app_url = f"sqlite+aiosqlite:///{path}"
        exists = path.exists()
    known = json.loads(marker.read_text()) if marker.exists() else None
    env = {"HERON_DATABASE_URL": admin_url, "HERON_DEMO_PASSWORD": PASSWORD, "HERON_ENV": "development"}
    generated = None
    if not exists or known is None or {k: known.get(k) for k in wanted} != wanted:
        say(f"{dialect}: generating the {size} data set (heron seed --size {size})")
        _reset(dialect, admin_url)
        heron(["migrate"], env, log)
        import time

        started = time.perf_counter()
        heron(["seed", "--size", size, "--seed", str(SEED)], env, log)
        generated = time.perf_counter() - started
        marker.write_text(json.dumps(wanted | {"generated_seconds": round(generated, 1)}))
        say(f"{dialect}: generated in {generated:.0f} s")
    else:
        say(f"{dialect}: reusing the {size} data set")
        heron(["migrate"], env, log)  # a new migration (indexes) applies to kept data too
    if dialect == "postgresql":
        _grant(admin_url)
    return Dataset(
        dialect=dialect,
        size=size,
        admin_url=admin_url,
        app_url=app_url,
        email=f"owner.{size}@bench.example",
        password=PASSWORD,
        generated_seconds=generated,
    )


def _postgres(size: str) -> tuple[str, str, bool]:
    server = make_url(os.environ.get("HERON_BENCH_POSTGRES_URL", DEFAULT_SERVER))
    name = f"heron_bench_{size}"
    admin = server.set(database=name).render_as_string(hide_password=False)
    app = server.set(database=name, username=APP_ROLE, password=None)
    with _admin(server.render_as_string(hide_password=False)) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return admin, app.render_as_string(hide_password=False), exists is not None


def _admin(url: str) -> psycopg.Connection:
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    return psycopg.connect(plain, autocommit=True)


def _reset(dialect: str, admin_url: str) -> None:
    if dialect == "sqlite":
        path = Path(make_url(admin_url).database or "")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    url = make_url(admin_url)
    name = url.database
    with _admin(url.set(database="postgres").render_as_string(hide_password=False)) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _grant(admin_url: str) -> None:
    with _admin(admin_url) as conn:
        conn.execute(
            f"""DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
                    CREATE ROLE {APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS;
                END IF;
            END $$"""
        )
        conn.execute(f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}")
        conn.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE}")
        conn.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")

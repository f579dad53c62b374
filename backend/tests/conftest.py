"""The test harness.

Every test that takes ``db`` runs once on SQLite and once on PostgreSQL. Both databases are built
by ``alembic upgrade head`` (never ``create_all``), once per run; each test then works inside one
outer transaction that is rolled back, the app's own transactions becoming savepoints in it.
E-mail goes to a real SMTP server (aiosmtpd) on loopback.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from fastapi import FastAPI
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Environment, Settings
from heron.db import Database, create_engine
from heron.kit import tenancy
from heron.kit.ratelimit import RateLimiter
from heron.main import create_app
from tests.helpers.databases import (
    IN_CI,
    POSTGRES_URL,
    REDIS_URL,
    admin,
    migrate,
    postgres_problem,
    scratch_postgres,
)
from tests.helpers.mail import Mailbox

# The application's role on PostgreSQL: neither owner nor superuser, so row-level security holds.
APP_ROLE = "heron_app"


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


def _grant_app_role(url: str) -> None:
    """Migrations run as the superuser; the tests' application connects as ``APP_ROLE``."""
    admin(
        url,
        f"""DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
                    CREATE ROLE {APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS;
                END IF;
            END $$""",
        f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}",
    )


def prepared_database_urls(
    folder: Path, label: str, prepare: Callable[[str, Path], object]
) -> Iterator[dict[str, str | None]]:
    """For a folder's own ``database_urls`` fixture: a SQLite file and a scratch PostgreSQL
    database (``label``), each made ready by ``prepare(url, folder)`` (migrate, then seed or
    generate), the application's role granted on PostgreSQL. PostgreSQL missing is a skip, or
    the end of the run in CI."""
    sqlite_url = f"sqlite+aiosqlite:///{folder / 'heron.db'}"
    prepare(sqlite_url, folder)
    problem = postgres_problem()
    if problem:
        if IN_CI:
            pytest.exit(f"PostgreSQL is required in CI but not reachable: {problem}", 1)
        yield {"sqlite": sqlite_url, "postgresql": None}
        return
    with scratch_postgres(label) as url:
        prepare(url, folder)
        _grant_app_role(url)
        yield {"sqlite": sqlite_url, "postgresql": url}


def app_role_url(url: str) -> str:
    """``url`` (a PostgreSQL one) as the application's role."""
    return make_url(url).set(username=APP_ROLE, password=None).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str | None]]:
    """Each database migrated to head, once per test run. PostgreSQL gets a database of this
    run's own (made from HERON_TEST_POSTGRES_URL's server), so runs never disturb each other."""
    sqlite_path = tmp_path_factory.mktemp("sqlite") / "heron.db"
    sqlite_url = f"sqlite+aiosqlite:///{sqlite_path}"
    migrate(sqlite_url)
    problem = postgres_problem()
    if problem:
        if IN_CI:
            pytest.exit(
                f"PostgreSQL is required in CI but not reachable at {POSTGRES_URL}: {problem}", 1
            )
        yield {"sqlite": sqlite_url, "postgresql": None}
        return
    with scratch_postgres("run") as url:
        migrate(url)
        _grant_app_role(url)
        yield {"sqlite": sqlite_url, "postgresql": url}


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, database_urls: dict[str, str | None]) -> str:
    url = database_urls[request.param]
    if url is None:
        pytest.skip("PostgreSQL is not reachable (it is required in CI)")
    return url


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    """A Database whose every transaction is a savepoint in one rolled-back transaction. On
    PostgreSQL it connects as the application's role, so row-level security is in force."""
    url = db_url if db_url.startswith("sqlite") else app_role_url(db_url)
    engine = create_engine(url, pool=False)
    async with engine.connect() as conn:
        outer = await conn.begin()
        yield Database(engine, bind=conn)
        await outer.rollback()
    await engine.dispose()


@pytest.fixture
async def session(db: Database) -> AsyncIterator[AsyncSession]:
    """A session for arranging data and checking what was stored. It acts as the system: it
    sees every organization's rows (row-level security is bypassed for it, not for the app)."""
    async with db.transaction() as tx, tenancy.bypass(tx.session):
        yield tx.session


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A real Redis on loopback (a database number of its own); required in CI."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        if IN_CI:
            pytest.exit(f"Redis is required in CI but not reachable at {REDIS_URL}: {exc}", 1)
        pytest.skip("Redis is not reachable (it is required in CI)")
    return REDIS_URL


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[Mailbox]:
    mailbox = Mailbox()
    with socket.socket() as probe:  # aiosmtpd cannot bind port 0 itself
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    mailbox.port = port
    yield mailbox
    controller.stop()


@pytest.fixture
def mailbox(smtp_server: Mailbox) -> Mailbox:
    smtp_server.messages.clear()
    return smtp_server


@pytest.fixture
def settings(tmp_path: Path, smtp_server: Mailbox) -> Settings:
    return Settings(
        env=Environment.test,
        var_dir=tmp_path / "var",
        secret_key="test-secret-key-that-is-long-enough-0123456789",
        smtp_url=f"smtp://127.0.0.1:{smtp_server.port}",
        log_json=True,
        log_level="WARNING",
        # The same app whether or not web/dist is built (tests/docs/test_web_app.py covers it).
        web_dist=tmp_path / "web-not-built",
    )


_shared_app: dict[str, Any] = {}


@pytest.fixture
async def app(settings: Settings, db: Database) -> FastAPI:
    """The application, with this test's settings, database and rate limits.

    FastAPI builds the handlers of included routers on an app's first request (about half a
    second for Heron's route table), so tests share one app and get a fresh ``app.state``: what a
    new ``create_app(settings, database=db)`` would hold. A test that needs other middleware
    settings (CORS, body limits) builds its own app with ``create_app``.
    """
    if "app" not in _shared_app:
        _shared_app["app"] = create_app(settings, database=db)
        _shared_app["state"] = dict(_shared_app["app"].state._state)
    shared: FastAPI = _shared_app["app"]
    state: dict[str, Any] = shared.state._state
    state.clear()
    state.update(
        _shared_app["state"], settings=settings, db=db, limiter=RateLimiter(settings.redis_url)
    )
    return shared


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as c:
        yield c

"""The `heron` commands, run the way a person runs them, against databases of their own."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner, Result

from heron.cli import app
from heron.config import Settings, get_settings
from heron.db import Database, create_engine
from heron.main import create_app
from heron.models import Event, Membership, Organization, Team, TeamMember, User
from heron.ops.migrations import head_revisions
from tests.helpers.databases import migrate

HEAD = ", ".join(sorted(head_revisions()))

PASSWORD = "a long enough password"


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[str, str]]:
    """Only these HERON_ variables, as a shell would export them; the settings are read anew."""
    for name in list(os.environ):
        if name.startswith("HERON_"):
            monkeypatch.delenv(name)
    values = {
        "HERON_ENV": "development",
        "HERON_VAR_DIR": str(tmp_path / "var"),
        "HERON_LOG_LEVEL": "WARNING",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield values
    get_settings.cache_clear()


@pytest.fixture
def database(
    environment: dict[str, str], empty_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> str:
    """An empty database (SQLite or PostgreSQL) named by HERON_DATABASE_URL."""
    monkeypatch.setenv("HERON_DATABASE_URL", empty_db_url)
    get_settings.cache_clear()
    return empty_db_url


@pytest.fixture
def migrated(database: str) -> str:
    migrate(database)
    return database


def heron(*args: str, input: str | None = None) -> Result:
    get_settings.cache_clear()
    return CliRunner().invoke(app, list(args), input=input)


def _scalar(url: str, statement: Any) -> Any:
    async def run() -> Any:
        engine = create_engine(url, pool=False)
        try:
            async with engine.connect() as conn:
                return (await conn.execute(statement)).scalar()
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _count(url: str, model: Any, *where: Any) -> int:
    return int(_scalar(url, select(func.count()).select_from(model).where(*where)))


def _login(url: str, email: str, password: str) -> httpx.Response:
    """Sign in through the API on that database."""

    async def run() -> httpx.Response:
        settings = Settings(_env_file=None, database_url=url, log_level="WARNING")
        database = Database.from_settings(settings)
        transport = httpx.ASGITransport(app=create_app(settings, database=database))
        try:
            async with httpx.AsyncClient(transport=transport, base_url="https://t") as client:
                return await client.post(
                    "/api/v1/auth/login", json={"email": email, "password": password}
                )
        finally:
            await database.dispose()

    return asyncio.run(run())


def _refusal(result: Result) -> str:
    """A refusal is exit 1 and one line on stderr, never a traceback."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


class TestMigrate:
    def test_brings_an_empty_database_to_head(self, database: str) -> None:
        result = heron("migrate")

        assert result.exit_code == 0, result.output
        assert f"Migrated the database from an empty database to {HEAD}" in result.stdout
        assert _count(database, User) == 0  # the tables exist

    def test_a_second_run_changes_nothing(self, migrated: str) -> None:
        result = heron("migrate")

        assert result.exit_code == 0, result.output
        assert f"The database is up to date (revision {HEAD})." in result.stdout

    def test_embedded_database_is_made_in_a_new_var_dir(self, environment: dict[str, str]) -> None:
        var_dir = Path(environment["HERON_VAR_DIR"])
        assert not var_dir.exists()

        result = heron("migrate")

        assert result.exit_code == 0, result.output
        assert (var_dir / "heron.db").is_file()


class TestSeed:
    def test_adds_demo_company_with_every_role_and_a_team(self, migrated: str) -> None:
        result = heron("seed", "--if-empty")

        assert result.exit_code == 0, result.output
        org_id = _scalar(
            migrated, select(Organization.id).where(Organization.name == "Demo Company")
        )
        assert org_id is not None
        roles = {
            role
            for role in _scalars(
                migrated, select(Membership.role).where(Membership.org_id == org_id)
            )
        }
        assert roles == {"owner", "admin", "manager", "sales", "support", "viewer"}
        assert _scalar(migrated, select(Team.name).where(Team.org_id == org_id)) == "Sales"
        assert _count(migrated, TeamMember, TeamMember.org_id == org_id) == 3
        assert _count(migrated, User, User.email_verified_at.is_(None)) == 0
        assert _count(migrated, Event, Event.type == "member.added") == 7
        assert _count(migrated, Event, Event.type == "team.created") == 1

    def test_printed_password_signs_the_owner_in(self, migrated: str) -> None:
        result = heron("seed", "--if-empty")

        password = _printed_password(result.stdout)
        response = _login(migrated, "demo@example.com", password)
        assert response.status_code == 200, response.text
        assert _login(migrated, "manager@example.com", password).status_code == 200

    def test_password_is_random_unless_configured(
        self, migrated: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("HERON_DEMO_PASSWORD", "demo password from the environment")

        result = heron("seed")

        assert _printed_password(result.stdout) == "demo password from the environment"

    def test_if_empty_does_nothing_once_someone_has_an_account(self, migrated: str) -> None:
        heron("create-user", "--email", "me@example.com", "--name", "Me", "--password", PASSWORD)

        result = heron("seed", "--if-empty")

        assert result.exit_code == 0, result.output
        assert "no demo data added" in result.stdout
        assert _count(migrated, Organization) == 0
        assert _count(migrated, User) == 1

    def test_seeding_twice_adds_nothing(self, migrated: str) -> None:
        heron("seed", "--demo")
        events = _count(migrated, Event)

        result = heron("seed", "--demo")

        assert result.exit_code == 0, result.output
        assert '"Demo Company" exists already: nothing added.' in result.stdout
        assert _count(migrated, Organization) == 1
        assert _count(migrated, Event) == events

    def test_a_demo_address_taken_by_someone_else_is_refused_in_one_line(
        self, migrated: str
    ) -> None:
        heron("create-user", "--email", "demo@example.com", "--name", "D", "--password", PASSWORD)

        line = _refusal(heron("seed", "--demo"))

        assert "demo@example.com exists already" in line
        assert _count(migrated, Organization) == 0

    def test_production_is_refused(self, migrated: str, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("HERON_ENV", "production")
        monkeypatch.setenv("HERON_SECRET_KEY", "k" * 40)

        line = _refusal(heron("seed", "--if-empty"))

        assert "not made in production" in line
        assert _count(migrated, User) == 0

    def test_unmigrated_database_is_refused_with_the_command_to_run(self, database: str) -> None:
        line = _refusal(heron("seed", "--if-empty"))

        assert "heron migrate" in line


class TestCreateUser:
    def test_creates_a_confirmed_account_that_can_sign_in(self, migrated: str) -> None:
        result = heron(
            "create-user", "--email", "Ada@Example.com", "--name", "Ada", "--password", PASSWORD
        )

        assert result.exit_code == 0, result.output
        assert "Created ada@example.com." in result.stdout
        assert (
            _count(
                migrated, User, User.email == "ada@example.com", User.email_verified_at.is_not(None)
            )
            == 1
        )
        assert _count(migrated, Membership) == 0
        assert _login(migrated, "ada@example.com", PASSWORD).status_code == 200

    def test_a_new_organization_is_created_with_them_as_owner(self, migrated: str) -> None:
        result = heron(
            "create-user",
            "--email",
            "ada@example.com",
            "--name",
            "Ada",
            "--password",
            PASSWORD,
            "--org",
            "Engines",
        )

        assert result.exit_code == 0, result.output
        assert "owner of Engines (new)" in result.stdout
        assert _scalar(migrated, select(Membership.role)) == "owner"
        assert _count(migrated, Event, Event.type == "organization.created") == 1

    def test_an_existing_organization_is_joined_with_the_role(self, migrated: str) -> None:
        heron(
            "create-user",
            "--email",
            "a@example.com",
            "--name",
            "A",
            "--password",
            PASSWORD,
            "--org",
            "Engines",
        )

        result = heron(
            "create-user",
            "--email",
            "b@example.com",
            "--name",
            "B",
            "--password",
            PASSWORD,
            "--org",
            "Engines",
            "--role",
            "sales",
        )

        assert result.exit_code == 0, result.output
        assert "sales of Engines," in result.stdout
        assert _count(migrated, Organization) == 1
        assert _count(migrated, Membership, Membership.role == "sales") == 1
        assert _count(migrated, Event, Event.type == "member.added") == 2

    def test_password_is_asked_twice_when_left_out(self, migrated: str) -> None:
        result = heron(
            "create-user",
            "--email",
            "ada@example.com",
            "--name",
            "Ada",
            input=f"{PASSWORD}\n{PASSWORD}\n",
        )

        assert result.exit_code == 0, result.output
        assert PASSWORD not in result.output  # hidden input
        assert _login(migrated, "ada@example.com", PASSWORD).status_code == 200

    def test_existing_address_is_refused(self, migrated: str) -> None:
        heron("create-user", "--email", "ada@example.com", "--name", "Ada", "--password", PASSWORD)

        line = _refusal(
            heron(
                "create-user", "--email", "ADA@example.com", "--name", "Two", "--password", PASSWORD
            )
        )

        assert "exists already" in line
        assert _count(migrated, User) == 1

    @pytest.mark.parametrize(
        ("email", "password", "message"),
        [
            ("not-an-address", PASSWORD, "not a valid e-mail address"),
            ("ada@example.com", "short", "10 to 256 characters"),
        ],
    )
    def test_input_the_api_would_refuse_is_refused(
        self, migrated: str, email: str, password: str, message: str
    ) -> None:
        line = _refusal(
            heron("create-user", "--email", email, "--name", "Ada", "--password", password)
        )

        assert message in line
        assert _count(migrated, User) == 0

    def test_a_role_for_an_organization_that_does_not_exist_writes_nothing(
        self, migrated: str
    ) -> None:
        line = _refusal(
            heron(
                "create-user",
                "--email",
                "ada@example.com",
                "--name",
                "Ada",
                "--password",
                PASSWORD,
                "--org",
                "Nowhere",
                "--role",
                "admin",
            )
        )

        assert "No organization is named 'Nowhere'" in line
        assert _count(migrated, User) == 0

    def test_an_unknown_role_is_a_usage_error(self, migrated: str) -> None:
        result = heron(
            "create-user",
            "--email",
            "ada@example.com",
            "--name",
            "Ada",
            "--password",
            PASSWORD,
            "--role",
            "emperor",
        )

        assert result.exit_code == 2
        assert _count(migrated, User) == 0


class TestServeRefusals:
    def test_schema_behind_is_one_line_naming_heron_migrate(self, database: str) -> None:
        line = _refusal(heron("serve", "--port", "1"))

        assert "heron migrate" in line

    def test_production_with_the_default_secret_is_one_line(
        self, environment: dict[str, str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("HERON_ENV", "production")

        line = _refusal(heron("serve"))

        assert "HERON_SECRET_KEY must be set" in line


def _scalars(url: str, statement: Any) -> list[Any]:
    async def run() -> list[Any]:
        engine = create_engine(url, pool=False)
        try:
            async with engine.connect() as conn:
                return list((await conn.execute(statement)).scalars())
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _printed_password(stdout: str) -> str:
    match = re.search(r"with the password (\S+(?: \S+)*?)\n", stdout)
    assert match, stdout
    return match.group(1)

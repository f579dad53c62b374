"""`heron backup` and `heron restore`: a round trip gives back every row of every table and
every stored file, on SQLite and on PostgreSQL, proven by counts and checksums."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from heron.config import get_settings
from heron.db import create_engine
from heron.models import Base
from tests.cli.test_commands import heron
from tests.helpers.databases import IN_CI, migrate, postgres_problem, scratch_postgres


@pytest.fixture(params=["sqlite", "postgresql"])
def two_databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two migrated databases of one kind: the one backed up and the one restored into."""
    if request.param == "sqlite":
        urls = tuple(f"sqlite+aiosqlite:///{tmp_path / name}.db" for name in ("source", "target"))
        for url in urls:
            migrate(url)
        yield urls[0], urls[1]
        return
    problem = postgres_problem()
    if problem:
        if IN_CI:
            pytest.fail(f"PostgreSQL is required in CI: {problem}")
        pytest.skip("PostgreSQL is not reachable (it is required in CI)")
    with scratch_postgres("backup") as source, scratch_postgres("restore") as target:
        migrate(source)
        migrate(target)
        yield source, target


@pytest.fixture
def use(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """Point the `heron` command at a database and a var folder, as a shell would."""
    for name in list(os.environ):
        if name.startswith("HERON_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HERON_ENV", "development")
    monkeypatch.setenv("HERON_LOG_LEVEL", "WARNING")
    monkeypatch.setenv("HERON_DEMO_PASSWORD", "a demo password for backups")

    def point(url: str, var_dir: Path) -> None:
        monkeypatch.setenv("HERON_DATABASE_URL", url)
        monkeypatch.setenv("HERON_VAR_DIR", str(var_dir))
        get_settings.cache_clear()

    yield point
    get_settings.cache_clear()


def fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a checksum of its rows in primary-key order."""

    async def run() -> dict[str, tuple[int, str]]:
        engine = create_engine(url, pool=False)
        found: dict[str, tuple[int, str]] = {}
        try:
            async with engine.connect() as conn:
                if url.startswith("postgresql"):
                    await conn.execute(text("SELECT set_config('heron.bypass_rls', 'on', false)"))
                for table in Base.metadata.sorted_tables:
                    stmt = select(table).order_by(*table.primary_key.columns)
                    rows = (await conn.execute(stmt)).all()
                    digest = hashlib.sha256()
                    for row in rows:
                        digest.update(json.dumps(list(row), default=str).encode())
                    found[table.name] = (len(rows), digest.hexdigest())
        finally:
            await engine.dispose()
        return found

    return asyncio.run(run())


def files_of(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }


def seed_with_files(var_dir: Path) -> None:
    result = heron("seed")
    assert result.exit_code == 0, result.output
    files = var_dir / "files" / "0190f5a4-0000-7000-8000-000000000001" / "exports"
    files.mkdir(parents=True)
    (files / "a.csv").write_bytes(b"Name\r\nAda\r\n")
    (files / "b.bin").write_bytes(os.urandom(300_000))


class TestRoundTrip:
    def test_every_row_and_file_comes_back(
        self, two_databases: tuple[str, str], use: Any, tmp_path: Path
    ) -> None:
        source, target = two_databases
        use(source, tmp_path / "var-source")
        seed_with_files(tmp_path / "var-source")
        before = fingerprint(source)
        archive = tmp_path / "backup.tar"

        made = heron("backup", "--output", str(archive))

        assert made.exit_code == 0, made.output
        assert "Backed up the" in made.stdout and "2 file(s)" in made.stdout
        # The target has other data of its own, which the restore replaces.
        use(target, tmp_path / "var-target")
        assert heron("create-user", "--email", "x@example.com", "--name", "X", "--password",
                     "another long password", "--org", "Other").exit_code == 0  # fmt: skip
        (tmp_path / "var-target" / "files").mkdir(parents=True)
        (tmp_path / "var-target" / "files" / "stale.txt").write_text("gone after restore")
        assert fingerprint(target) != before

        restored = heron("restore", str(archive), "--yes")

        assert restored.exit_code == 0, restored.output
        after = fingerprint(target)
        assert after == before
        assert sum(count for count, _ in after.values()) > 50, "the demo data was there"
        assert files_of(tmp_path / "var-target" / "files") == files_of(
            tmp_path / "var-source" / "files"
        )

    def test_the_archive_holds_a_manifest_with_checksums(
        self, two_databases: tuple[str, str], use: Any, tmp_path: Path
    ) -> None:
        source, _ = two_databases
        use(source, tmp_path / "var")
        seed_with_files(tmp_path / "var")

        result = heron("backup", "--output", str(tmp_path))

        assert result.exit_code == 0, result.output
        [archive] = list(tmp_path.glob("heron-backup-*.tar"))
        with tarfile.open(archive) as tar:
            manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
            member = tar.extractfile(manifest["database"]["member"])
            assert member is not None
            assert hashlib.sha256(member.read()).hexdigest() == manifest["database"]["sha256"]
        assert manifest["database"]["dialect"] == ("sqlite" if "sqlite" in source else "postgresql")
        assert {i["name"].rsplit("/", 1)[1] for i in manifest["files"]["items"]} == {
            "a.csv",
            "b.bin",
        }


class TestRefusals:
    def test_a_damaged_backup_changes_nothing(
        self, two_databases: tuple[str, str], use: Any, tmp_path: Path
    ) -> None:
        source, target = two_databases
        use(source, tmp_path / "var-source")
        seed_with_files(tmp_path / "var-source")
        archive = tmp_path / "backup.tar"
        assert heron("backup", "--output", str(archive)).exit_code == 0
        damaged = tmp_path / "damaged.tar"
        with tarfile.open(archive) as tar, tarfile.open(damaged, "w") as out:
            for info in tar.getmembers():
                data = tar.extractfile(info)
                content = data.read() if data is not None else b""
                if info.name.endswith("a.csv"):
                    content = b"Name\r\nEve\r\n"
                info.size = len(content)
                import io

                out.addfile(info, io.BytesIO(content))
        use(target, tmp_path / "var-target")
        before = fingerprint(target)

        result = heron("restore", str(damaged), "--yes")

        assert result.exit_code == 1
        assert "damaged" in result.stderr and "Traceback" not in result.output
        assert fingerprint(target) == before

    def test_restore_asks_before_replacing_everything(
        self, two_databases: tuple[str, str], use: Any, tmp_path: Path
    ) -> None:
        source, _ = two_databases
        use(source, tmp_path / "var")
        archive = tmp_path / "backup.tar"
        assert heron("backup", "--output", str(archive)).exit_code == 0

        result = heron("restore", str(archive), input="n\n")

        assert result.exit_code == 1
        assert "Aborted" in result.output

    def test_a_backup_of_another_kind_of_database_is_refused(
        self, use: Any, tmp_path: Path
    ) -> None:
        url = f"sqlite+aiosqlite:///{tmp_path / 'a.db'}"
        migrate(url)
        use(url, tmp_path / "var")
        archive = tmp_path / "backup.tar"
        assert heron("backup", "--output", str(archive)).exit_code == 0
        with tarfile.open(archive) as tar:
            manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        assert manifest["database"]["dialect"] == "sqlite"
        use("postgresql+psycopg://nobody@127.0.0.1:1/none", tmp_path / "var")

        result = heron("restore", str(archive), "--yes")

        assert result.exit_code == 1
        assert "sqlite database" in result.stderr

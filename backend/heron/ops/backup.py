"""`heron backup` and `heron restore`: the database and the file store in one archive.

A backup is taken while Heron runs. The embedded SQLite database is copied with SQLite's own
online backup API (a consistent copy even while requests write); PostgreSQL is dumped with
`pg_dump` (custom format, one consistent snapshot). The local file store's folder is copied
beside it. Everything goes in one tar file with ``manifest.json``: what it holds, the schema
revision, and the SHA-256 of every member, checked again before anything is restored.

`heron restore` puts an archive back: SQLite through the same backup API (into the database
file, WAL and all), PostgreSQL with `pg_restore --clean` in one transaction, and the files
folder swapped whole. Heron should be stopped while it runs. Both commands run as the database
owner (the role migrations use): row-level security is lifted for the dump with the setting
Heron's policies honour (``heron.bypass_rls``).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url

from heron.config import Settings
from heron.ops.migrations import head_revisions

FORMAT = "heron-backup"
VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite"
POSTGRES_MEMBER = "database.pgdump"
FILES_PREFIX = "files/"
BLOCK = 1024 * 1024


class BackupError(Exception):
    """A refusal the person can act on (one line, no traceback)."""


@dataclass(frozen=True)
class Report:
    path: Path
    dialect: str
    database_bytes: int
    files: int
    files_bytes: int
    files_note: str | None = None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        while block := data.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _dialect(settings: Settings) -> str:
    return make_url(settings.database).get_backend_name()


def _sqlite_path(settings: Settings) -> Path:
    database = make_url(settings.database).database
    if not database or database == ":memory:":
        raise BackupError("the SQLite database is in memory: there is nothing to back up")
    return Path(database)


def files_folder(settings: Settings) -> Path | None:
    """The local file store's folder; None when files live in S3-compatible storage."""
    if not settings.storage_url:
        return (settings.var_dir / "files").resolve()
    parts = urlsplit(settings.storage_url)
    if parts.scheme == "file":
        return Path(parts.path)
    return None


def _libpq(settings: Settings) -> tuple[str, dict[str, str]]:
    """The database as a libpq URL without its password, and the environment that carries the
    password and lifts row-level security for the session."""
    url = make_url(settings.database)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    env["PGOPTIONS"] = (env.get("PGOPTIONS", "") + " -c heron.bypass_rls=on").strip()
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(  # noqa: S603  (a fixed program, arguments as a list)
            command, env=env, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed: install the PostgreSQL client tools "
            "(apt-get install postgresql-client) of the server's major version"
        ) from None
    if done.returncode != 0:
        message = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{command[0]} failed: {message[-1] if message else done.returncode}")


# Backup


def backup(settings: Settings, output: Path | None = None) -> Report:
    """Write a backup archive of the database and the files; where it is and what it holds."""
    dialect = _dialect(settings)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = output or (settings.var_dir / "backups" / f"heron-backup-{stamp}.tar")
    if path.exists() and path.is_dir():
        path = path / f"heron-backup-{stamp}.tar"
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="heron-backup-", dir=path.parent) as work:
        folder = Path(work)
        if dialect == "sqlite":
            member, dumped = SQLITE_MEMBER, folder / SQLITE_MEMBER
            _sqlite_copy(_sqlite_path(settings), dumped)
        elif dialect == "postgresql":
            member, dumped = POSTGRES_MEMBER, folder / POSTGRES_MEMBER
            _pg_dump(settings, dumped)
        else:
            raise BackupError(f"cannot back up a {dialect} database")
        files = files_folder(settings)
        listing = list(_files_of(files)) if files is not None else []
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "schema_revision": ",".join(sorted(head_revisions())),
            "database": {
                "dialect": dialect,
                "member": member,
                "bytes": dumped.stat().st_size,
                "sha256": _sha256(dumped),
            },
            "files": {
                "included": files is not None,
                "note": None
                if files is not None
                else "files are in S3-compatible storage: back them up with its versioning",
                "items": [
                    {"name": name, "bytes": source.stat().st_size, "sha256": _sha256(source)}
                    for name, source in listing
                ],
            },
        }
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
            archive.add(dumped, arcname=member)
            for name, source in listing:
                archive.add(source, arcname=FILES_PREFIX + name)
        partial.replace(path)
    items = manifest["files"]["items"]
    return Report(
        path=path,
        dialect=dialect,
        database_bytes=manifest["database"]["bytes"],
        files=len(items),
        files_bytes=sum(i["bytes"] for i in items),
        files_note=manifest["files"]["note"],
    )


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy while others read and write."""
    if not source.is_file():
        raise BackupError(f"there is no database at {source}: run `heron migrate` first")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst, pages=4096)
    finally:
        dst.close()
        src.close()


def _pg_dump(settings: Settings, target: Path) -> None:
    url, env = _libpq(settings)
    _run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            # Grants are kept: the application's role must read the restored tables.
            "--enable-row-security",
            f"--file={target}",
            f"--dbname={url}",
        ],
        env,
    )


def _files_of(folder: Path) -> Iterator[tuple[str, Path]]:
    if not folder.is_dir():
        return
    for source in sorted(folder.rglob("*")):
        if source.is_file() and not source.is_symlink():
            yield source.relative_to(folder).as_posix(), source


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


# Restore


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile(MANIFEST)
    except KeyError:
        member = None
    if member is None:
        raise BackupError("this is not a Heron backup (no manifest.json)")
    manifest: dict[str, Any] = json.loads(member.read())
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError("this is not a Heron backup of a version this Heron reads")
    return manifest


def restore(settings: Settings, path: Path) -> Report:
    """Put the database and files of the archive at ``path`` back, after checking every
    member against the manifest. The database's dialect must be the backup's."""
    if not path.is_file():
        raise BackupError(f"there is no backup at {path}")
    dialect = _dialect(settings)
    with (
        tarfile.open(path, "r") as archive,
        tempfile.TemporaryDirectory(prefix="heron-restore-") as work,
    ):
        manifest = read_manifest(archive)
        database = manifest["database"]
        if database["dialect"] != dialect:
            raise BackupError(
                f"this backup is of a {database['dialect']} database; "
                f"HERON_DATABASE_URL names a {dialect} one"
            )
        folder = Path(work)
        archive.extractall(folder, filter="data")
        _verify(folder, manifest)
        dumped = folder / database["member"]
        if dialect == "sqlite":
            _sqlite_restore(dumped, _sqlite_path(settings))
        else:
            _pg_restore(settings, dumped)
        items = manifest["files"]["items"]
        target = files_folder(settings)
        note = None
        if manifest["files"]["included"] and target is not None:
            _swap_files(folder / FILES_PREFIX.rstrip("/"), target)
        elif manifest["files"]["included"]:
            note = "files not restored: this Heron keeps files in S3-compatible storage"
        else:
            note = manifest["files"]["note"]
    return Report(
        path=path,
        dialect=dialect,
        database_bytes=database["bytes"],
        files=len(items),
        files_bytes=sum(i["bytes"] for i in items),
        files_note=note,
    )


def _verify(folder: Path, manifest: dict[str, Any]) -> None:
    expected = {manifest["database"]["member"]: manifest["database"]["sha256"]}
    for item in manifest["files"]["items"]:
        expected[FILES_PREFIX + item["name"]] = item["sha256"]
    for name, sha in expected.items():
        member = folder / name
        if not member.is_file() or _sha256(member) != sha:
            raise BackupError(f"the backup is damaged: {name} does not match its checksum")


def _sqlite_restore(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target, timeout=15)
    try:
        with dst:
            src.backup(dst)
    finally:
        dst.close()
        src.close()


def _pg_restore(settings: Settings, source: Path) -> None:
    url, env = _libpq(settings)
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={url}",
            str(source),
        ],
        env,
    )


def _swap_files(source: Path, target: Path) -> None:
    """The files folder becomes the backup's, whole (the old one is removed only once the new
    one is in place)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(target.name + ".restoring")
    shutil.rmtree(staged, ignore_errors=True)
    if source.is_dir():
        shutil.copytree(source, staged)
    else:
        staged.mkdir()
    old = target.with_name(target.name + ".before-restore")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.replace(old)
    staged.replace(target)
    shutil.rmtree(old, ignore_errors=True)

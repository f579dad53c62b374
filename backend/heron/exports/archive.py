"""The organization's whole data as one ZIP: per kind of record a JSON Lines file (exact
values: ids, times in UTC, decimals as text, custom fields as objects) and a CSV file (for
spreadsheets: formula cells neutralised), and ``manifest.json`` saying what each file holds
(rows, SHA-256), when and by whom it was made, and the schema revision."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from sqlalchemy.ext.asyncio import AsyncSession

from heron.exports.cells import neutralise
from heron.exports.repository import OrgDumpRepository
from heron.exports.writers import BOM
from heron.kit.subject import Subject
from heron.models.base import utcnow
from heron.ops.migrations import head_revisions

FORMAT = "heron-organization-export"
VERSION = 1


def json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    return value


def csv_value(value: Any) -> Any:
    value = json_value(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return neutralise(json.dumps(value, ensure_ascii=False, sort_keys=True))
    if isinstance(value, str):
        return neutralise(value)
    return value


class _HashingWriter:
    """Bytes into a zip entry, counted and hashed on the way."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self.out.write(data)
        self.sha.update(data)
        self.size += len(data)


async def write_archive(
    session: AsyncSession,
    subject: Subject,
    path: Path,
    set_total: Callable[[int | None], None],
    advance: Callable[[int], None],
) -> dict[str, Any]:
    """Write the organization's archive into ``path``; its manifest."""
    repo = OrgDumpRepository(session, subject.org_id)
    statements = repo.statements()
    counts = {name: await repo.count(stmt) for name, stmt in statements.items()}
    set_total(sum(counts.values()))
    files: list[dict[str, Any]] = []
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive,
        tempfile.TemporaryDirectory(prefix="heron-archive-") as folder,
    ):
        for name, stmt in statements.items():
            csv_path = Path(folder) / f"{name}.csv"
            with archive.open(f"{name}.jsonl", "w", force_zip64=True) as entry:
                jsonl = _HashingWriter(entry)
                with csv_path.open("w", encoding="utf-8", newline="") as csv_file:
                    rows = await _write_kind(repo, stmt, jsonl, csv_file, advance)
            csv_sha, csv_size = _copy_into(archive, csv_path, f"{name}.csv")
            files.append({
                "kind": name,
                "rows": rows,
                "jsonl": {"name": f"{name}.jsonl", "bytes": jsonl.size,
                          "sha256": jsonl.sha.hexdigest()},
                "csv": {"name": f"{name}.csv", "bytes": csv_size, "sha256": csv_sha},
            })  # fmt: skip
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "organization_id": str(subject.org_id),
            "exported_at": json_value(utcnow()),
            "exported_by": str(subject.person_id) if subject.person_id else None,
            "schema_revision": ",".join(sorted(head_revisions())),
            "files": files,
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    return manifest


async def _write_kind(
    repo: OrgDumpRepository,
    stmt: Any,
    jsonl: _HashingWriter,
    csv_file: IO[str],
    advance: Callable[[int], None],
) -> int:
    names: Sequence[str] = [c.name for c in stmt.selected_columns]
    writer = csv.writer(csv_file, lineterminator="\r\n")
    csv_file.write(BOM)
    writer.writerow(names)
    rows = 0
    async for chunk in repo.rows(stmt):
        lines = io.StringIO()
        for row in chunk:
            record = {n: json_value(v) for n, v in zip(names, row, strict=True)}
            lines.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
            lines.write("\n")
        jsonl.write(lines.getvalue().encode())
        writer.writerows([csv_value(v) for v in row] for row in chunk)
        rows += len(chunk)
        advance(len(chunk))
    return rows


def _copy_into(archive: zipfile.ZipFile, source: Path, name: str) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    with source.open("rb") as data, archive.open(name, "w", force_zip64=True) as entry:
        while block := data.read(1024 * 1024):
            entry.write(block)
            sha.update(block)
            size += len(block)
    return sha.hexdigest(), size

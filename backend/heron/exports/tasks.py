"""Export jobs: a list export too large to download at once, and the organization's whole
data (heron/exports/archive.py). Each writes its file into a temporary folder, a chunk of rows
at a time, then streams it into the file store; the job's result names the file, and the
person who started it asks for a download link (GET /exports/{job_id}/link)."""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.datastructures import QueryParams

from heron.exports.archive import write_archive
from heron.exports.files import MEDIA_TYPES, write_file
from heron.exports.repository import ExportRepository, rows_in
from heron.exports.schemas import PLURALS, ExportFormat, file_name
from heron.files.store import FileStore, file_store
from heron.jobs.runner import JobFailed, JobRun, job_task
from heron.roles.matrix import Action, Scope, scope_for

LIST_KIND = "export.list"
ORG_KIND = "export.organization"
EXPORT_KINDS = frozenset({LIST_KIND, ORG_KIND})
ARCHIVE_MEDIA_TYPE = "application/zip"
READ_CHUNK = 1024 * 1024


@job_task(LIST_KIND, retries=2)
async def export_list(
    job: JobRun,
    *,
    kind: str,
    format: str,
    query: str,
    columns: list[str] | None,
    sort: str | None,
    q: str | None,
    view: str | None,
) -> None:
    """The list the person saw when they asked, as they may see it now (their role, their
    visibility), written to the file store."""
    if scope_for(job.subject.role, kind, Action.export) is Scope.none:
        raise JobFailed("Your role may no longer export these records.", "permission_denied")
    repo = ExportRepository(job.session, job.subject, kind)
    view_id = uuid.UUID(view) if view else None
    fmt = ExportFormat(format)
    export = await repo.prepare(
        QueryParams(query), q, view_id, sort, columns, as_text=fmt is ExportFormat.csv
    )
    job.set_total(await repo.count(export))
    name = FileStore.new_name("exports", f".{fmt.value}")
    with tempfile.TemporaryDirectory(prefix="heron-export-") as folder:
        path = Path(folder) / f"export.{fmt.value}"
        written = await write_file(
            rows_in(job.session, export), export, fmt, path, PLURALS[kind].capitalize(), job.advance
        )
        stored = await file_store(job.settings).put(job.org_id, name, read_chunks(path))
    job.result = {
        "file": stored.name,
        "filename": file_name(kind, fmt.value),
        "media_type": MEDIA_TYPES[fmt],
        "bytes": stored.size,
        "rows": written.rows,
        "resource": kind,
    }


@job_task(ORG_KIND, retries=2)
async def export_organization(job: JobRun) -> None:
    """Every record of the organization, one JSON Lines and one CSV file per kind and a
    manifest, zipped into the file store. Only its Owner may start and download it."""
    if scope_for(job.subject.role, "organization", Action.export) is Scope.none:
        raise JobFailed(
            "Only the organization's Owner may export all of its data.", "permission_denied"
        )
    name = FileStore.new_name("exports", ".zip")
    with tempfile.TemporaryDirectory(prefix="heron-export-") as folder:
        path = Path(folder) / "organization.zip"
        manifest = await write_archive(job.session, job.subject, path, job.set_total, job.advance)
        stored = await file_store(job.settings).put(job.org_id, name, read_chunks(path))
    job.result = {
        "file": stored.name,
        "filename": f"organization-{manifest['exported_at'][:10]}.zip",
        "media_type": ARCHIVE_MEDIA_TYPE,
        "bytes": stored.size,
        "rows": sum(f["rows"] for f in manifest["files"]),
        "resource": "organization",
    }


async def read_chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as source:
        while chunk := await asyncio.to_thread(source.read, READ_CHUNK):
            yield chunk

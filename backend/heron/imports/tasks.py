"""The jobs of imports: a pass over the file (dry run or run) and the undo.

Each runs in the job's one transaction (heron/jobs/runner.py). The records are written inside
a savepoint: a dry run always rolls it back, a run rolls it back when a row failed and the
import is all or nothing; the import's own outcome (counts, problems, error file) is then
written in the outer transaction, which commits. A worker killed half-way commits nothing, and
the job runs again from the start once its lease lapses.
"""

from __future__ import annotations

import tempfile
import uuid
from typing import IO, Any

import structlog
from sqlalchemy import select

from heron.events import service as events
from heron.files.store import FileStore, file_store
from heron.imports.limits import FileRefused
from heron.imports.plan import Plan
from heron.imports.runner import RunResult, run_rows
from heron.imports.service import limits_of
from heron.imports.undo import undo
from heron.jobs.runner import JobFailed, JobRun, job_task
from heron.kit.errors import Conflict
from heron.models import DataImport, ImportState
from heron.models.base import utcnow

log = structlog.get_logger(__name__)


async def _load(job: JobRun, import_id: str) -> DataImport:
    row = await job.session.scalar(
        select(DataImport).where(
            DataImport.org_id == job.org_id, DataImport.id == uuid.UUID(import_id)
        )
    )
    if row is None:
        raise JobFailed("The import no longer exists.", "import_gone")
    return row


@job_task("import.run")
async def run_import(job: JobRun, *, import_id: str, dry_run: bool = False) -> None:
    """Read the import's file and write its rows (or only check them, ``dry_run``)."""
    row = await _load(job, import_id)
    store = file_store(job.settings)
    plan = Plan.from_json(row.plan)
    with tempfile.TemporaryFile() as source, tempfile.TemporaryFile("w+", newline="") as errors:
        async for chunk in await store.stream(row.org_id, row.file_key):
            source.write(chunk)
        size = source.tell()
        source.seek(0)
        result, refused, kept = await _pass(job, row, plan, source, errors, size, dry_run)
        row = await _load(job, import_id)  # the savepoint's rollback expired it
        errors_key = await _store_errors(store, row, errors, result)
    _record(row, result, refused, kept, dry_run, errors_key)
    if kept:
        await events.record(
            job.session, org_id=row.org_id, type="import.completed", entity="import",
            entity_id=row.id, subject=job.subject, changes={"kind": row.kind, **row.counts},
        )  # fmt: skip
    job.result = {"import_id": str(row.id), "state": row.state, "counts": row.counts}


async def _pass(
    job: JobRun, row: DataImport, plan: Plan, source: IO[bytes], errors: IO[str],
    size: int, dry_run: bool,
) -> tuple[RunResult | None, str | None, bool]:  # fmt: skip
    """The rows written in a savepoint, kept or rolled back; (result, refusal, kept)."""

    async def progress(done: int, total: int | None) -> None:
        job.set_total(total)
        job.set_done(done)

    savepoint = await job.session.begin_nested()
    try:
        result = await run_rows(
            job.session, job.subject, row.id, plan, source, limits_of(job.settings),
            errors_out=errors, progress=progress, file_size=size,
        )  # fmt: skip
    except FileRefused as exc:
        await savepoint.rollback()
        return None, exc.reason, False
    except Exception:
        # A defect, not the file's fault: nothing is kept, the import says so, the log has it.
        await savepoint.rollback()
        log.exception("import_pass_failed", import_id=str(row.id), job_id=str(job.id))
        return (
            None,
            f"An unexpected error stopped the import (job {job.id}); nothing was imported.",
            False,
        )
    kept = not dry_run and not (plan.on_error == "abort" and result.failed)
    if kept:
        await savepoint.commit()
    else:
        await savepoint.rollback()
    return result, None, kept


async def _store_errors(
    store: FileStore, row: DataImport, errors: IO[str], result: RunResult | None
) -> str | None:
    if result is None or not (result.counts["failed"] or result.counts["skipped"]):
        return None
    errors.seek(0)
    name = FileStore.new_name("imports", "-errors.csv")

    async def chunks() -> Any:
        while text := errors.read(1024 * 1024):
            yield text.encode("utf-8")

    await store.put(row.org_id, name, chunks())
    return name


def _record(
    row: DataImport, result: RunResult | None, refused: str | None, kept: bool,
    dry_run: bool, errors_key: str | None,
) -> None:  # fmt: skip
    row.last_pass = "validate" if dry_run else "run"
    row.errors_key = errors_key
    if result is not None:
        row.counts = result.as_json()
        row.rows_total = result.rows
        row.problems = [
            {"row": p.line, "column": p.column, "value": p.value, "reason": p.reason}
            for p in result.problems
        ]
    else:
        row.counts, row.problems = {}, []
    row.error = refused
    if dry_run:
        return
    row.finished_at = utcnow()
    row.started_at = row.started_at or row.finished_at
    if kept:
        row.state = ImportState.completed
        return
    row.state = ImportState.failed
    if refused is None and result is not None:
        row.error = (
            f"{result.failed:,} of {result.rows:,} rows have problems; nothing was imported "
            "(all or nothing). Fix them, or choose to skip bad rows, and run it again."
        )


@job_task("import.undo")
async def undo_import(job: JobRun, *, import_id: str) -> None:
    """Remove what the import created and restore what it changed."""
    row = await _load(job, import_id)
    savepoint = await job.session.begin_nested()
    try:
        done = await undo(job.session, row.org_id, row.id)
    except Conflict as exc:  # someone edited a record between the request and the job
        await savepoint.rollback()
        row = await _load(job, import_id)
        row.state, row.error = ImportState.completed, exc.message
        job.result = {"import_id": str(row.id), "state": row.state, "error": exc.message}
        return
    await savepoint.commit()
    row.state = ImportState.undone
    row.undone_at = utcnow()
    row.last_pass = "undo"
    row.counts = {**(row.counts or {}), **{f"undo_{k}": v for k, v in done.items()}}
    await events.record(
        job.session, org_id=row.org_id, type="import.undone", entity="import",
        entity_id=row.id, subject=job.subject, changes=done,
    )  # fmt: skip
    job.result = {"import_id": str(row.id), **done}

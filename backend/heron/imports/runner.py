"""One pass over an import's file: read, prepare, write in batches, report.

``run_rows`` is the same for a dry run and a real run; the caller decides what happens to the
transaction (a dry run always rolls back; a real run rolls back when ``on_error`` is ``abort``
and a row failed, so an import is all or nothing). Memory holds two batches of rows at a time
(the one being written, and the next, read and prepared meanwhile in a thread); the rows that
were not applied go to the error file as they are met.
"""

from __future__ import annotations

import asyncio
import csv
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.custom_fields.values import definitions
from heron.imports.limits import Limits
from heron.imports.plan import Plan
from heron.imports.reader import SourceRow, open_table
from heron.imports.rows import Prepared, Problem, RowPreparer
from heron.imports.writer import BatchWriter, Outcome
from heron.kit.subject import Subject
from heron.models import Membership, User
from heron.records.visibility import people_in_scope
from heron.roles.matrix import Action, scope_for

BATCH_ROWS = 2_000
# Problems kept on the import for the API (all of them are in the error file).
KEPT_PROBLEMS = 1_000
RESULTS = ("created", "updated", "unchanged", "merged", "skipped", "failed")
Progress = Callable[[int, int | None], Awaitable[None]]


@dataclass
class RunResult:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RESULTS, 0))
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    companies_created: int = 0
    tags_created: int = 0

    @property
    def failed(self) -> int:
        return self.counts["failed"]

    def as_json(self) -> dict[str, int]:
        return {**self.counts, "rows": self.rows, "companies_created": self.companies_created,
                "tags_created": self.tags_created}  # fmt: skip


async def members_by_email(session: AsyncSession, org_id: uuid.UUID) -> dict[str, uuid.UUID]:
    stmt = (
        select(User.email, User.id)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.org_id == org_id)
    )
    return {email.lower(): id_ for email, id_ in await session.execute(stmt)}


async def run_rows(
    session: AsyncSession,
    subject: Subject,
    import_id: uuid.UUID,
    plan: Plan,
    file: IO[bytes],
    limits: Limits,
    *,
    errors_out: IO[str] | None = None,
    progress: Progress | None = None,
    file_size: int | None = None,
) -> RunResult:
    """Import the rows of ``file`` inside the caller's transaction; what happened to each."""
    table = open_table(file, limits)
    custom = await definitions(session, subject.org_id, plan.kind)
    members = await members_by_email(session, subject.org_id)
    scope = scope_for(subject.role, plan.kind, Action.update)
    allowed = people_in_scope(subject, scope)
    preparer = RowPreparer(
        plan, table.headers, custom, members, lambda owner: allowed is None or owner in allowed
    )
    writer = BatchWriter(
        session, subject, plan, import_id, custom, set(members.values()), table.headers
    )
    errors = _ErrorFile(errors_out, table.headers)
    result = RunResult()
    batches = _Batches(table.rows(), preparer, file, file_size)
    # The next batch is read and prepared in a thread while this one is written: the
    # preparing (pure Python) fills the time the writer waits for the database.
    upcoming = asyncio.create_task(asyncio.to_thread(batches.next))
    try:
        while (batch := await upcoming) is not None:
            upcoming = asyncio.create_task(asyncio.to_thread(batches.next))
            await _write(batch, writer, result, errors)
            if progress is not None and batch.more:
                await progress(result.rows, batch.estimate)
    finally:
        # A failed write leaves the thread reading: let it finish before the file closes.
        await asyncio.wait([upcoming])
    if progress is not None:
        await progress(result.rows, result.rows)
    result.companies_created = writer.companies_created
    result.tags_created = writer.tags_created
    return result


@dataclass
class _Batch:
    rows: list[SourceRow]
    prepared: list[Prepared]
    failed: dict[int, Outcome]
    more: bool  # a full batch: the file may have more rows
    estimate: int | None  # the file's row count guessed so far


class _Batches:
    """The file's rows, BATCH_ROWS at a time, each row prepared (or its problems)."""

    def __init__(
        self, rows: Iterator[SourceRow], preparer: RowPreparer, file: IO[bytes], size: int | None
    ) -> None:
        self.rows, self.preparer, self.file, self.size = rows, preparer, file, size
        self.read = 0

    def next(self) -> _Batch | None:
        rows = list(islice(self.rows, BATCH_ROWS))
        if not rows:
            return None
        self.read += len(rows)
        batch = _Batch(rows, [], {}, len(rows) == BATCH_ROWS, None)
        for row in rows:
            out = self.preparer.prepare(row)
            if isinstance(out, Prepared):
                batch.prepared.append(out)
            else:
                batch.failed[row.line] = Outcome(row.line, "failed", out)
        batch.estimate = _estimate(self.file, self.size, self.read)
        return batch


async def _write(batch: _Batch, writer: BatchWriter, result: RunResult, errors: _ErrorFile) -> None:
    outcomes = dict(batch.failed)
    for outcome in await writer.write(batch.prepared):
        outcomes[outcome.line] = outcome
    for row in batch.rows:
        outcome = outcomes[row.line]
        result.rows += 1
        result.counts[outcome.result] += 1
        if outcome.problems:
            room = KEPT_PROBLEMS - len(result.problems)
            result.problems.extend(outcome.problems[: max(room, 0)])
        if outcome.result in ("failed", "skipped"):
            errors.write(row, outcome)


def _estimate(file: IO[bytes], size: int | None, rows: int) -> int | None:
    """The file's row count guessed from the bytes read so far (CSV); None if unknown."""
    try:
        position = file.tell()
    except (OSError, ValueError):
        return None
    if not size or not position:
        return None
    return max(rows, round(rows * size / position))


class _ErrorFile:
    """The rows not applied, as in the file, with the row number and the reasons; cells a
    spreadsheet would run as formulas are neutralised (shared/SECURITY.md, exports)."""

    def __init__(self, out: IO[str] | None, headers: list[str]) -> None:
        self.writer: Any = csv.writer(out) if out is not None else None
        if self.writer is not None:
            self.writer.writerow(["Row", *map(_safe, headers), "Reason"])

    def write(self, row: SourceRow, outcome: Outcome) -> None:
        if self.writer is None:
            return
        reasons = "; ".join(
            (f"{p.column}: " if p.column else "") + p.reason for p in outcome.problems
        )
        self.writer.writerow([row.line, *map(_safe, row.cells), _safe(reasons)])


def _safe(cell: str) -> str:
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell

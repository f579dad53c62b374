"""Imports as the API sees them: upload and sniff, change the mapping and options, start a
dry run, the run or the undo as jobs, and read back what happened."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from typing import IO

from starlette.datastructures import QueryParams

from heron.config import Settings
from heron.custom_fields.values import definitions
from heron.db import Transaction
from heron.files.store import FileStore, file_store
from heron.imports.cells import DateOrder
from heron.imports.limits import FileRefused, Limits
from heron.imports.mapping import auto_map, check_mapping
from heron.imports.plan import DEFAULT_MATCH, Plan
from heron.imports.reader import open_table
from heron.imports.repository import ImportRepository, visibility
from heron.imports.schemas import (
    ImportOptions,
    ImportOut,
    ImportUpdate,
    ProblemOut,
    SourceOut,
    TargetOut,
)
from heron.imports.targets import CUSTOM_PREFIX, TARGETS
from heron.imports.undo import edited_since
from heron.jobs.service import JobService
from heron.kit.envelope import CursorMeta
from heron.kit.errors import Conflict, NotFound, PayloadTooLarge, PermissionDenied, ValidationFailed
from heron.kit.pagination import CursorParams
from heron.kit.subject import Subject
from heron.models import CustomField, DataImport, FieldType, ImportState
from heron.models.job import Job
from heron.roles.matrix import Action, Scope, scope_for

PREVIEW_ROWS = 20
NOT_FOUND = "No import with this id that you may see."
MATCHABLE = {"contact": ("email",), "company": ("domain", "name"), "lead": ("email",)}
TEXT_TYPES = (FieldType.text, FieldType.email, FieldType.phone, FieldType.url, FieldType.select)
UPLOAD_CHUNK = 1024 * 1024


def limits_of(settings: Settings) -> Limits:
    return Limits(
        max_bytes=settings.import_max_bytes,
        max_rows=settings.import_max_rows,
        max_columns=settings.import_max_columns,
        max_cell_chars=settings.import_max_cell_chars,
        max_unpacked_bytes=settings.import_max_unpacked_bytes,
    )


class ImportService:
    def __init__(self, tx: Transaction, settings: Settings, subject: Subject) -> None:
        self.tx = tx
        self.session = tx.session
        self.settings = settings
        self.subject = subject
        self.repo = ImportRepository(tx.session, subject)
        self.store: FileStore = file_store(settings)

    # Reading
    async def get(self, import_id: uuid.UUID) -> DataImport:
        return await self.repo.get_or_404(import_id, NOT_FOUND)

    async def page(
        self, query: QueryParams, sort: str | None, params: CursorParams
    ) -> tuple[list[ImportOut], CursorMeta]:
        rows, meta = await self.repo.page(query, sort, params)
        return [await self.out(r) for r in rows], meta

    async def out(self, row: DataImport) -> ImportOut:
        custom = await definitions(self.session, row.org_id, row.kind)
        plan = Plan.from_json(row.plan)
        source = dict(row.source)
        return ImportOut(
            id=row.id, kind=row.kind, state=row.state, filename=row.filename,
            file_size=row.file_size, source=SourceOut(**source), preview=row.preview,
            mapping=plan.mapping,
            options=ImportOptions(
                mode=plan.mode, match_on=plan.match_on, companies=plan.companies,
                on_error=plan.on_error, date_order=plan.date_order,
                decimal_separator=plan.decimal_separator,
            ),
            targets=_targets(row.kind, custom), last_pass=row.last_pass,
            counts=row.counts or {}, problems=[ProblemOut(**p) for p in row.problems or []],
            has_error_file=row.errors_key is not None, error=row.error, job_id=row.job_id,
            created_by_id=row.created_by_id, created_at=row.created_at,
            started_at=row.started_at, finished_at=row.finished_at, undone_at=row.undone_at,
        )  # fmt: skip

    # Upload
    async def upload(self, kind: str, filename: str, file: IO[bytes]) -> DataImport:
        """Sniff the file, keep it in the file store and map its columns automatically."""
        if scope_for(self.subject.role, kind, Action.create) is Scope.none:
            raise PermissionDenied(f"Your role may not create {_plural(kind)}.")
        limits = limits_of(self.settings)
        size = file.seek(0, 2)
        if size > limits.max_bytes:
            raise PayloadTooLarge(
                f"The file has {size:,} bytes; imports take at most {limits.max_bytes:,}."
            )
        try:
            table = open_table(file, limits)
            preview: list[list[str]] = []
            for source_row in table.rows():
                preview.append(source_row.cells)
                if len(preview) >= PREVIEW_ROWS:
                    break
            if not preview:
                raise FileRefused("no_rows", "The file has a header but no rows to import.")
        except FileRefused as exc:
            raise ValidationFailed(
                exc.reason, details=[{"loc": ["body", "file"], "msg": exc.reason, "type": exc.code}]
            ) from None
        custom = await definitions(self.session, self.subject.org_id, kind)
        mapping = auto_map(kind, table.headers, custom)
        plan = Plan(kind=kind, mapping=mapping, match_on=DEFAULT_MATCH[kind],
                    date_order=_date_order(preview))  # fmt: skip
        suffix = {"csv": ".csv", "xlsx": ".xlsx", "vcard": ".vcf"}[table.sniffed.format]
        name = FileStore.new_name("imports", suffix)
        await self.store.put(self.subject.org_id, name, _chunks(file), max_bytes=limits.max_bytes)
        sniffed = table.sniffed
        row = DataImport(
            org_id=self.subject.org_id, created_by_id=self.subject.person_id, kind=kind,
            state=ImportState.uploaded, filename=_safe_name(filename), file_key=name,
            file_size=size, preview=preview, plan=plan.as_json(), counts={}, problems=[],
            source={"format": sniffed.format, "encoding": sniffed.encoding,
                    "delimiter": sniffed.delimiter, "header_row": sniffed.header_row,
                    "sheet": sniffed.sheet, "headers": sniffed.headers},
        )  # fmt: skip
        self.session.add(row)
        await self.session.flush()
        return row

    # Changing the plan
    async def update(self, import_id: uuid.UUID, body: ImportUpdate) -> DataImport:
        """Change the mapping and options of an import that has not run (or failed)."""
        row = await self._changeable(import_id)
        if row.state not in (ImportState.uploaded, ImportState.failed):
            raise Conflict(f"This import is {row.state}; its mapping can no longer change.")
        values = body.model_dump(exclude_unset=True)
        plan = Plan.from_json({**row.plan, **values})
        await self._check_plan(row, plan)
        row.plan = plan.as_json()
        await self.session.flush()
        return row

    async def _check_plan(self, row: DataImport, plan: Plan) -> None:
        custom = await definitions(self.session, row.org_id, row.kind)
        errors = check_mapping(row.kind, plan.mapping, len(row.source["headers"]), custom)
        if plan.mode == "update":
            errors = [
                e
                for e in errors
                if e["loc"] != ["body", "mapping"] or "Map a column" not in e["msg"]
            ]
        problem = _match_problem(row.kind, plan, custom)
        if problem:
            errors.append({"loc": ["body", "match_on"], "msg": problem, "type": "value_error"})
        if errors:
            raise ValidationFailed(errors[0]["msg"], details=errors)

    # Passes over the file
    async def start(self, import_id: uuid.UUID, *, dry_run: bool) -> tuple[DataImport, Job]:
        """Start the dry run (nothing is written) or the run of the import, as a job."""
        from heron.imports.tasks import run_import

        row = await self._changeable(import_id)
        if row.state not in (ImportState.uploaded, ImportState.failed):
            raise Conflict(f"This import is {row.state}: it cannot run again.")
        await self._check_plan(row, Plan.from_json(row.plan))
        total = row.rows_total
        job = await JobService(self.tx, self.settings, self.subject).start(
            run_import, {"import_id": str(row.id), "dry_run": dry_run}, total=total
        )
        row.job_id = job.id
        if not dry_run:
            row.state = ImportState.running
            row.error = None
        await self.session.flush()
        return row, job

    async def undo(self, import_id: uuid.UUID) -> tuple[DataImport, Job]:
        """Start undoing a completed import (409 at once when a record was edited since)."""
        from heron.imports.tasks import undo_import

        row = await self._changeable(import_id)
        if row.state != ImportState.completed:
            raise Conflict(f"This import is {row.state}; only a completed import can be undone.")
        reasons = await edited_since(self.session, row.org_id, row.id)
        if reasons:
            raise Conflict(
                "This import cannot be undone: " + " ".join(reasons),
                details=[
                    {"loc": ["path", "import_id"], "msg": r, "type": "edited_since"}
                    for r in reasons
                ],
            )  # fmt: skip
        job = await JobService(self.tx, self.settings, self.subject).start(
            undo_import, {"import_id": str(row.id)}
        )
        row.job_id = job.id
        row.state = ImportState.undoing
        await self.session.flush()
        return row, job

    async def error_file(self, import_id: uuid.UUID) -> tuple[str, AsyncIterator[bytes]]:
        row = await self.get(import_id)
        if row.errors_key is None:
            raise NotFound("This import has no error file: every row was applied.")
        stem = row.filename.rsplit(".", 1)[0] or "import"
        return f"{stem}-errors.csv", await self.store.stream(row.org_id, row.errors_key)

    async def _changeable(self, import_id: uuid.UUID) -> DataImport:
        row = await self.get(import_id)
        scope = scope_for(self.subject.role, "import", Action.update)
        if not await self._within(row, scope):
            raise PermissionDenied("Your role may change only the imports you started.")
        return row

    async def _within(self, row: DataImport, scope: Scope) -> bool:
        stmt = self.repo.base().where(DataImport.id == row.id, visibility(self.subject, scope))
        return await self.session.scalar(stmt) is not None


def _targets(kind: str, custom: list[CustomField]) -> list[TargetOut]:
    out = [TargetOut(key=t.key, label=t.label, repeatable=t.repeatable) for t in TARGETS[kind]]
    out += [TargetOut(key=CUSTOM_PREFIX + f.key, label=f.label, repeatable=False) for f in custom]
    return [*out, TargetOut(key="ignore", label="Ignore this column", repeatable=True)]


def _match_problem(kind: str, plan: Plan, custom: list[CustomField]) -> str | None:
    match_on = plan.match_on
    if match_on is None:
        return "Choose how rows find their records (match_on)." if plan.mode == "update" else None
    if match_on.startswith(CUSTOM_PREFIX):
        key = match_on[len(CUSTOM_PREFIX) :]
        field = next((f for f in custom if f.key == key), None)
        if field is None or field.type not in TEXT_TYPES:
            return f"'{key}' is not a text custom field of {_plural(kind)}."
        if match_on not in plan.mapping:
            return f"Map a column to custom:{key} to match on it."
        return None
    if match_on not in MATCHABLE[kind]:
        allowed = ", ".join([*MATCHABLE[kind], "custom:<key>"])
        return f"{_plural(kind).capitalize()} are matched on {allowed}."
    return None


def _plural(kind: str) -> str:
    return {"company": "companies"}.get(kind, kind + "s")


_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.]\d{2,4}$")


def _date_order(preview: list[list[str]]) -> DateOrder:
    """MDY when a date of the preview can only be month first (01/31/2026), else DMY."""
    for cells in preview:
        for cell in cells:
            match = _SLASHED.match(cell.strip())
            if match and int(match.group(2)) > 12 >= int(match.group(1)):
                return "MDY"
    return "DMY"


def _safe_name(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip() or "import"
    return name[:255]


async def _chunks(file: IO[bytes]) -> AsyncIterator[bytes]:
    file.seek(0)
    while chunk := file.read(UPLOAD_CHUNK):
        yield chunk

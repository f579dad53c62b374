"""Imports: upload a CSV, XLSX or vCard file, map its columns, check it, run it, undo it."""

from __future__ import annotations

import uuid

from fastapi import Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import StreamingResponse

from heron.auth.access import Access, Authorize
from heron.auth.endpoints import settings_of
from heron.db import Transaction
from heron.imports.schemas import ImportJobOut, ImportKind, ImportOut, ImportUpdate
from heron.imports.service import ImportService
from heron.jobs.schemas import JobOut
from heron.kit.envelope import CursorEnvelope, Envelope
from heron.kit.pagination import CursorParams, cursor_params
from heron.kit.routing import domain_router, get_tx
from heron.roles.matrix import Action

router = domain_router("/imports", "imports")

ImportRead = Authorize("import", Action.read)
ImportCreate = Authorize("import", Action.create)
ImportUpdateAccess = Authorize("import", Action.update)


def _service(request: Request, tx: Transaction, access: Access) -> ImportService:
    return ImportService(tx, settings_of(request), access.subject)


async def _with_job(service: ImportService, pair: tuple[object, object]) -> ImportJobOut:
    row, job = pair
    return ImportJobOut(record=await service.out(row), job=JobOut.model_validate(job))  # type: ignore[arg-type]


UPLOAD_EXAMPLE = {
    "requestBody": {
        "content": {"multipart/form-data": {"example": {"kind": "contact", "file": "people.csv"}}}
    }
}


@router.post("", response_model=Envelope[ImportOut], status_code=201, openapi_extra=UPLOAD_EXAMPLE)
async def create_import(
    request: Request,
    file: UploadFile = File(description="A CSV (any delimiter), XLSX or vCard file."),
    kind: ImportKind = Form(description="What each row becomes: `contact`, `company`, `lead`."),
    access: Access = Depends(ImportCreate),
    tx: Transaction = Depends(get_tx),
) -> Envelope[ImportOut]:
    """Upload a file to import (multipart: `file` and `kind`). Its encoding (UTF-8 with or
    without BOM, UTF-16, Windows-1252, Latin-1), delimiter and header row are detected; the
    answer shows the first rows, the columns mapped automatically from their headers (names
    used by other CRMs' exports included) and the default options. Nothing is imported yet:
    adjust with `PATCH`, check with `/validate`, then `/run`. A file that cannot be read
    (empty, binary, an archive bomb, too many columns) is a 422 located at `file`; one above
    `HERON_IMPORT_MAX_BYTES` a 413."""
    service = _service(request, tx, access)
    row = await service.upload(kind, file.filename or "import", file.file)
    return Envelope[ImportOut](data=await service.out(row))


@router.get("", response_model=CursorEnvelope[ImportOut])
async def list_imports(
    request: Request,
    access: Access = Depends(ImportRead),
    tx: Transaction = Depends(get_tx),
    page: CursorParams = Depends(cursor_params),
    sort: str | None = Query(None, max_length=50, description="`created_at` or `-created_at`."),
) -> CursorEnvelope[ImportOut]:
    """The imports the caller may see (their own; a Manager's team's; Owners and Admins all),
    newest first. Filter with `filter[kind][eq]=`, `filter[state][eq]=`."""
    service = _service(request, tx, access)
    rows, meta = await service.page(request.query_params, sort, page)
    return CursorEnvelope[ImportOut](data=rows, meta=meta)


@router.get("/{import_id}", response_model=Envelope[ImportOut])
async def get_import(
    import_id: uuid.UUID,
    request: Request,
    access: Access = Depends(ImportRead),
    tx: Transaction = Depends(get_tx),
) -> Envelope[ImportOut]:
    """One import: its file, mapping and options, state, and what its last pass found (rows
    created, updated, unchanged, merged, skipped, failed, and the first problems)."""
    service = _service(request, tx, access)
    return Envelope[ImportOut](data=await service.out(await service.get(import_id)))


@router.patch("/{import_id}", response_model=Envelope[ImportOut])
async def update_import(
    import_id: uuid.UUID,
    body: ImportUpdate,
    request: Request,
    access: Access = Depends(ImportUpdateAccess),
    tx: Transaction = Depends(get_tx),
) -> Envelope[ImportOut]:
    """Change the column mapping and the options of an import that has not run yet (or that
    failed). A mapping that cannot be used is a 422 naming the column."""
    service = _service(request, tx, access)
    return Envelope[ImportOut](data=await service.out(await service.update(import_id, body)))


@router.post("/{import_id}/validate", response_model=Envelope[ImportJobOut], status_code=202)
async def validate_import(
    import_id: uuid.UUID,
    request: Request,
    access: Access = Depends(ImportUpdateAccess),
    tx: Transaction = Depends(get_tx),
) -> Envelope[ImportJobOut]:
    """Dry run: every row goes through the whole import (validation, matching, merges)
    and nothing is written. Follow the job; the import then shows the counts it would have
    and every problem (row, column, value, reason), with the error file."""
    service = _service(request, tx, access)
    return Envelope[ImportJobOut](
        data=await _with_job(service, await service.start(import_id, dry_run=True))
    )


@router.post("/{import_id}/run", response_model=Envelope[ImportJobOut], status_code=202)
async def run_import(
    import_id: uuid.UUID,
    request: Request,
    access: Access = Depends(ImportUpdateAccess),
    tx: Transaction = Depends(get_tx),
) -> Envelope[ImportJobOut]:
    """Run the import as a job with progress. By default all or nothing: one bad row and
    nothing is written (`on_error: skip` leaves bad rows out instead). A running import is a
    409."""
    service = _service(request, tx, access)
    return Envelope[ImportJobOut](
        data=await _with_job(service, await service.start(import_id, dry_run=False))
    )


@router.get(
    "/{import_id}/errors",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "The error file."}},
)
async def get_import_errors(
    import_id: uuid.UUID,
    request: Request,
    access: Access = Depends(ImportRead),
    tx: Transaction = Depends(get_tx),
) -> StreamingResponse:
    """The rows the last pass did not apply, as in the file, with their row number and a
    `Reason` column (a CSV download); 404 when every row was applied."""
    filename, chunks = await _service(request, tx, access).error_file(import_id)
    return StreamingResponse(
        chunks,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_ascii(filename)}"'},
    )


@router.post("/{import_id}/undo", response_model=Envelope[ImportJobOut], status_code=202)
async def undo_import(
    import_id: uuid.UUID,
    request: Request,
    access: Access = Depends(ImportUpdateAccess),
    tx: Transaction = Depends(get_tx),
) -> Envelope[ImportJobOut]:
    """Undo a completed import, as a job: the records it created are removed and the fields
    it changed restored. Refused (409, saying how many and which) when someone edited one of
    them since, or when a record made elsewhere now points at a company it created."""
    service = _service(request, tx, access)
    return Envelope[ImportJobOut](data=await _with_job(service, await service.undo(import_id)))


def _ascii(name: str) -> str:
    return "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name)

# mypy: disable-error-code="valid-type"
"""Exports of record lists: ``GET /{plural}/export`` for companies, contacts, leads and deals.

This router is mounted before the kinds' own routers (heron/api.py), so that ``/contacts/export``
is this route and not ``/contacts/{contact_id}``.
"""

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Path, Request, status
from fastapi.responses import StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access, Authorize, Public
from heron.db import Transaction
from heron.exports import vcard
from heron.exports.files import MEDIA_TYPES
from heron.exports.schemas import PLURALS, DownloadLink, ExportParams, export_params
from heron.exports.service import (
    Download,
    ExportService,
    link_for_job,
    open_link,
    start_organization_export,
)
from heron.jobs.schemas import JobOut
from heron.kit.envelope import Envelope
from heron.kit.routing import domain_router, get_session, get_tx
from heron.roles.matrix import Action

router = domain_router("", "exports")

FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file, streamed as it is produced.",
        "content": {
            media: {"schema": {"type": "string", "format": "binary"}}
            for media in MEDIA_TYPES.values()
        },
    }
}


def attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


def _add_list_export(router: APIRouter, kind: str, plural: str) -> None:
    async def export_list(
        request: Request,
        access: Access = Depends(Authorize(kind, Action.export)),
        session: AsyncSession = Depends(get_session),
        params: ExportParams = Depends(export_params),
    ) -> StreamingResponse:
        service = ExportService(session, access, kind)
        app = request.app
        download = await service.download(
            app.state.db, app.state.settings, request.query_params, params
        )
        return _stream(download)

    export_list.__doc__ = (
        f"The {plural} your list shows, as a CSV or XLSX file: the same `filter[...]`, `q`, "
        "`view` and `sort` as `GET /" + plural + "`, the same visibility, the columns you "
        "name (`custom.<key>` for custom fields). Streamed while it is read. Text that a "
        "spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a "
        "line break) is prefixed with `'`; numbers stay numbers. Up to "
        "`HERON_EXPORT_DIRECT_MAX_ROWS` rows (100,000 by default); a larger export is a 422 "
        "asking to start it as a job."
    )
    router.add_api_route(
        f"/{plural}/export",
        export_list,
        methods=["GET"],
        name=f"export_{plural}",
        response_class=StreamingResponse,
        responses=FILE_RESPONSES,
    )

    async def start_export(
        request: Request,
        access: Access = Depends(Authorize(kind, Action.export)),
        tx: Transaction = Depends(get_tx),
        params: ExportParams = Depends(export_params),
    ) -> Envelope[JobOut]:
        service = ExportService(tx.session, access, kind)
        job = await service.start(tx, request.app.state.settings, request.query_params, params)
        return Envelope[JobOut](data=JobOut.model_validate(job))

    start_export.__doc__ = (
        f"Export the {plural} your list shows, of any size, as a job: the same parameters as "
        f"`GET /{plural}/export`, checked now (422 for an unknown column or filter). Answers "
        "202 with the job; follow it with `GET /jobs/{job_id}/stream` (progress in rows), then "
        "`GET /exports/{job_id}/link` for a download link. The job reads the list with your "
        "rights as they are when it runs. Accepts `Idempotency-Key`."
    )
    router.add_api_route(
        f"/{plural}/export",
        start_export,
        methods=["POST"],
        name=f"start_{kind}_export",
        status_code=status.HTTP_202_ACCEPTED,
        response_model=Envelope[JobOut],
    )


for _kind, _plural in PLURALS.items():
    _add_list_export(router, _kind, _plural)

VCARD_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "vCard 3.0 text, streamed.",
        "content": {vcard.MEDIA_TYPE: {"schema": {"type": "string"}}},
    }
}
ContactExport = Authorize("contact", Action.export)


@router.get(
    "/contacts/vcard",
    response_class=StreamingResponse,
    responses=VCARD_RESPONSES,
)
async def export_contacts_vcard(
    request: Request,
    access: Access = Depends(ContactExport),
    session: AsyncSession = Depends(get_session),
    params: ExportParams = Depends(export_params),
) -> StreamingResponse:
    """The contacts your list shows as one vCard 3.0 file (`.vcf`) for an address book: the
    same `filter[...]`, `q`, `view` and `sort` as `GET /contacts`, with every e-mail address
    and phone number (the primary first), company, job title and address. `format` and
    `columns` do not apply. Up to `HERON_EXPORT_DIRECT_MAX_ROWS` contacts."""
    app = request.app
    download = await ExportService(session, access, "contact").cards(
        app.state.db, app.state.settings, request.query_params, params
    )
    return _stream(download)


@router.get(
    "/contacts/{contact_id}/vcard",
    response_class=StreamingResponse,
    responses=VCARD_RESPONSES,
)
async def export_contact_vcard(
    request: Request,
    contact_id: uuid.UUID = Path(description="The contact's id."),
    access: Access = Depends(ContactExport),
    session: AsyncSession = Depends(get_session),
) -> StreamingResponse:
    """One contact as a vCard 3.0 file. 404 when it does not exist, is in the trash or is not
    one you may see."""
    service = ExportService(session, access, "contact")
    return _stream(await service.card(request.app.state.db, contact_id))


def _stream(download: Download) -> StreamingResponse:
    return StreamingResponse(
        download.chunks, media_type=download.media_type, headers=attachment(download.filename)
    )


@router.post("/org/export", response_model=Envelope[JobOut], status_code=status.HTTP_202_ACCEPTED)
async def start_organization_export_job(
    request: Request,
    access: Access = Depends(Authorize("organization", Action.export)),
    tx: Transaction = Depends(get_tx),
) -> Envelope[JobOut]:
    """Export all of the organization's data, the Owner's to take anywhere: a ZIP with, for
    each kind of record (companies, contacts and their addresses and numbers, leads, deals,
    pipelines and stages, activities, tags, custom fields, saved views, teams, members, the
    audit log, ...), a JSON Lines file with exact values and a CSV file, and `manifest.json`
    (rows and SHA-256 of each file, schema revision). Records in the trash are included;
    secrets (password, key and token hashes) never are. Answers 202 with the job; then
    `GET /exports/{job_id}/link`. Owners only. Accepts `Idempotency-Key`."""
    job = await start_organization_export(tx, request.app.state.settings, access)
    return Envelope[JobOut](data=JobOut.model_validate(job))


@router.get("/exports/{job_id}/link", response_model=Envelope[DownloadLink])
async def get_export_link(
    request: Request,
    job_id: uuid.UUID = Path(description="The export job's id."),
    access: Access = Depends(Authorize("job", Action.read)),
    session: AsyncSession = Depends(get_session),
) -> Envelope[DownloadLink]:
    """A download link for the file of a finished export you started (a list export or the
    organization export), valid for `HERON_DOWNLOAD_LINK_MINUTES` (60 by default) and only
    for you: it stops working when your role may no longer export that data. Ask again for a
    fresh one at any time. 404 for a job that is not a finished export of yours."""
    link = await link_for_job(session, request.app.state.settings, access, job_id)
    return Envelope[DownloadLink](data=link)


DOWNLOAD_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file, as an attachment.",
        "content": {
            media: {"schema": {"type": "string", "format": "binary"}}
            for media in (*MEDIA_TYPES.values(), "application/zip")
        },
    }
}


@router.get(
    "/downloads/{download_token}",
    dependencies=[Depends(Public())],
    response_class=StreamingResponse,
    responses=DOWNLOAD_RESPONSES,
)
async def download_file(
    request: Request,
    download_token: str = Path(max_length=4000, description="The signed link's token."),
    session: AsyncSession = Depends(get_session),
) -> StreamingResponse:
    """Download an export's file through a link from `GET /exports/{job_id}/link`. No
    credentials: the signed link is the credential, made for one person in one organization
    and expiring. 404 when it expired, was tampered with, its person is no longer a member
    allowed to export that data, or the file is no longer kept."""
    download = await open_link(session, request.app.state.settings, download_token)
    return _stream(download)

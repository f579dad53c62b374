"""Exports: what the caller's list shows as a file (at once, or as a job), vCards, the
organization's whole data (a job), and the signed links that download a job's file."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from heron.auth.access import Access
from heron.config import Settings
from heron.db import Database, Transaction
from heron.exports import links, vcard
from heron.exports.files import MEDIA_TYPES, csv_chunks, xlsx_chunks
from heron.exports.repository import (
    CardQuery,
    ExportQuery,
    ExportRepository,
    MemberRights,
    stream_cards,
)
from heron.exports.schemas import PLURALS, DownloadLink, ExportFormat, ExportParams, file_name
from heron.exports.tasks import EXPORT_KINDS, export_list, export_organization
from heron.files.store import file_store
from heron.jobs.repository import JobRepository
from heron.jobs.service import JobService
from heron.kit.errors import NotFound, ValidationFailed
from heron.models import Job
from heron.models.base import utcnow
from heron.models.job import JobState
from heron.roles.matrix import Action, Scope, scope_for

NO_EXPORT = "No finished export with this id that you started."


@dataclass(frozen=True)
class Download:
    """A file to send as it is produced."""

    filename: str
    media_type: str
    chunks: AsyncIterator[bytes]


class ExportService:
    def __init__(self, session: AsyncSession, access: Access, kind: str) -> None:
        self.session = session
        self.access = access
        self.kind = kind
        self.repo = ExportRepository(session, access.subject, kind)

    async def prepare(self, query: QueryParams, params: ExportParams) -> ExportQuery:
        """The export of the caller's list as ``query`` and ``params`` describe it (422 for an
        unknown column, filter or sort, 404 for a view the caller may not use)."""
        return await self.repo.prepare(
            query,
            params.q,
            params.view_id,
            params.sort,
            params.columns,
            as_text=params.format is ExportFormat.csv,
        )

    async def download(
        self, db: Database, settings: Settings, query: QueryParams, params: ExportParams
    ) -> Download:
        """The export streamed at once; refused (422) above ``export_direct_max_rows`` rows,
        which run as a job instead."""
        export = await self.prepare(query, params)
        await self._assert_direct(
            export,
            settings.export_direct_max_rows,
            "start it as a job with POST on the same address, and download the file when it "
            "is ready",
        )
        chunks = (
            csv_chunks(db, export)
            if params.format is ExportFormat.csv
            else xlsx_chunks(db, export, PLURALS[self.kind].capitalize())
        )
        return Download(
            filename=file_name(self.kind, params.format.value),
            media_type=MEDIA_TYPES[params.format],
            chunks=chunks,
        )

    async def start(
        self, tx: Transaction, settings: Settings, query: QueryParams, params: ExportParams
    ) -> Job:
        """The export as a job (any size). The request is checked now (422 for an unknown
        column or filter); the job reads the list with the caller's rights as they are when it
        runs."""
        export = await self.prepare(query, params)
        total = await self.repo.count_up_to(export, settings.export_direct_max_rows)
        kept = [(k, v) for k, v in query.multi_items() if k.startswith("filter[")]
        job_params = {
            "kind": self.kind,
            "format": params.format.value,
            "query": str(QueryParams(kept)),
            "columns": [c.key for c in export.columns],
            "sort": params.sort,
            "q": params.q,
            "view": str(params.view_id) if params.view_id else None,
        }
        service = JobService(tx, settings, self.access.subject)
        return await service.start(export_list, job_params, total=total or None)

    async def _assert_direct(self, query: ExportQuery | CardQuery, limit: int, hint: str) -> None:
        if await self.repo.count_up_to(query, limit) > limit:
            raise ValidationFailed(
                f"This export has more than {limit:,} rows: {hint}.",
                details=[
                    {"loc": ["query"], "msg": f"more than {limit} rows", "type": "too_many_rows"}
                ],
            )

    async def cards(
        self, db: Database, settings: Settings, query: QueryParams, params: ExportParams
    ) -> Download:
        """The contacts of the caller's list as one vCard file, streamed (422 above
        ``export_direct_max_rows`` contacts: narrow the list)."""
        cards = await self.repo.prepare_cards(query, params.q, params.view_id, params.sort)
        await self._assert_direct(cards, settings.export_direct_max_rows, "narrow the list")
        return Download(
            filename=f"contacts-{utcnow():%Y-%m-%d}.vcf",
            media_type=vcard.MEDIA_TYPE,
            chunks=_vcards(db, cards),
        )

    async def card(self, db: Database, contact_id: uuid.UUID) -> Download:
        """One contact's vCard; 404 when the caller may not see it."""
        cards = await self.repo.prepare_cards(QueryParams(), None, None, None, only=contact_id)
        if await self.repo.count_up_to(cards, 1) == 0:
            raise NotFound("No contact with this id that you can see.")
        return Download(
            filename=f"contact-{contact_id}.vcf",
            media_type=vcard.MEDIA_TYPE,
            chunks=_vcards(db, cards),
        )


async def _vcards(db: Database, query: CardQuery) -> AsyncIterator[bytes]:
    async for cards in stream_cards(db, query):
        yield vcard.render_all(cards)


async def start_organization_export(tx: Transaction, settings: Settings, access: Access) -> Job:
    """The organization's whole data as a job (its Owner's, as the matrix says)."""
    return await JobService(tx, settings, access.subject).start(export_organization, {})


async def link_for_job(
    session: AsyncSession, settings: Settings, access: Access, job_id: uuid.UUID
) -> DownloadLink:
    """A new download link for the file of a finished export the caller started (404 for any
    other job: another person's, unfinished, or not an export)."""
    subject = access.subject
    job = await JobRepository(session, subject, Scope.own).get_visible(job_id)
    result = job.result if job is not None else None
    if (
        job is None
        or subject.person_id is None
        or job.kind not in EXPORT_KINDS
        or job.state != JobState.succeeded.value
        or not result
        or not result.get("file")
    ):
        raise NotFound(NO_EXPORT)
    token, expires = links.make(
        settings,
        org_id=subject.org_id,
        user_id=subject.person_id,
        file=result["file"],
        filename=result["filename"],
        media_type=result["media_type"],
        resource=result["resource"],
    )
    return DownloadLink(
        url=links.url(settings, token),
        expires_at=expires,
        filename=result["filename"],
        bytes=int(result.get("bytes") or 0),
    )


async def open_link(session: AsyncSession, settings: Settings, token: str) -> Download:
    """The file a download link names, if the link is genuine and unexpired, its person is
    still a member whose role may export that data, and the file is still kept; else 404."""
    try:
        link = links.verify(settings, token)
    except links.LinkRefused as refused:
        raise NotFound(refused.message) from None
    role = await MemberRights(session).role_of(link.org_id, link.user_id)
    if role is None or scope_for(role, link.resource, Action.export) is Scope.none:
        raise NotFound(links.INVALID)
    store = file_store(settings)
    if not await store.exists(link.org_id, link.file):
        raise NotFound("This file is no longer kept: export again.")
    return Download(
        filename=link.filename,
        media_type=link.media_type,
        chunks=await store.stream(link.org_id, link.file),
    )

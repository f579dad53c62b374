# mypy: disable-error-code="valid-type"
# (The schemas of each kind are variables here; FastAPI, not mypy, reads these annotations.)
"""The routes every record kind has, built once: list, create, read, update, delete, restore,
bulk and timeline; and merge, for the kinds that call ``add_merge_route``. A kind's
endpoints.py calls ``add_record_routes`` and adds its own verbs (convert, move, board) beside
them.

No ``from __future__ import annotations`` here: the endpoint functions are made per kind and
FastAPI reads their annotations (the kind's schemas) when they are defined.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Path, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access, Authorize
from heron.kit.envelope import CursorEnvelope, Envelope
from heron.kit.pagination import CursorParams, cursor_params
from heron.kit.routing import get_session
from heron.kit.versioning import if_match, set_etag
from heron.records.listing import ListParams, record_list_params
from heron.records.schemas import (
    MAX_BULK,
    BulkRequest,
    BulkResult,
    CreatedEnvelope,
    CreatedMeta,
    ListEnvelope,
)
from heron.roles.matrix import Action
from heron.timeline.schemas import TimelineItem
from heron.timeline.service import timeline


@dataclass(frozen=True)
class RecordRoutes:
    kind: str  # "company"
    plural: str  # "companies"
    service: Any  # a RecordService subclass
    read: Any  # the read schema
    create: Any  # the create schema (an Input)
    update: Any  # the update schema (an Input, every field optional)
    filters_doc: str  # which built-in fields filter[...] accepts, for the docs


def add_record_routes(router: APIRouter, spec: RecordRoutes) -> None:
    """Register the shared routes of ``spec.kind`` on ``router``."""
    kind, plural, Service = spec.kind, spec.plural, spec.service
    Read, Create, Update = spec.read, spec.create, spec.update
    reader = Authorize(kind, Action.read)
    creator = Authorize(kind, Action.create)
    editor = Authorize(kind, Action.update)
    remover = Authorize(kind, Action.delete)
    record_id = Path(alias=f"{kind}_id", description=f"The {kind}'s id.")

    async def list_records(
        request: Request,
        access: Access = Depends(reader),
        session: AsyncSession = Depends(get_session),
        params: ListParams = Depends(record_list_params),
    ) -> ListEnvelope[Read]:
        service = Service(session, access)
        rows, related, meta = await service.repo.list_page(request.query_params, params)
        return ListEnvelope[Read](data=await service.read(rows, related), meta=meta)

    async def create_record(
        body: Create,
        response: Response,
        access: Access = Depends(creator),
        session: AsyncSession = Depends(get_session),
    ) -> CreatedEnvelope[Read]:
        service = Service(session, access)
        row = await service.create_from(body)
        set_etag(response, row.version)
        duplicates = await service.likely_duplicates(row)
        return CreatedEnvelope[Read](
            data=await service.one(row), meta=CreatedMeta(duplicates=duplicates)
        )

    async def get_record(
        response: Response,
        id_: uuid.UUID = record_id,
        access: Access = Depends(reader),
        session: AsyncSession = Depends(get_session),
    ) -> Envelope[Read]:
        row, out = await Service(session, access).get_read(id_)
        set_etag(response, row.version)
        return Envelope[Read](data=out)

    async def update_record(
        body: Update,
        request: Request,
        response: Response,
        id_: uuid.UUID = record_id,
        access: Access = Depends(editor),
        session: AsyncSession = Depends(get_session),
    ) -> Envelope[Read]:
        service = Service(session, access)
        row = await service.update_from(id_, body, if_match(request))
        set_etag(response, row.version)
        return Envelope[Read](data=await service.one(row))

    async def delete_record(
        request: Request,
        id_: uuid.UUID = record_id,
        access: Access = Depends(remover),
        session: AsyncSession = Depends(get_session),
    ) -> Response:
        await Service(session, access).delete(id_, if_match(request))
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    async def restore_record(
        response: Response,
        id_: uuid.UUID = record_id,
        access: Access = Depends(remover),
        session: AsyncSession = Depends(get_session),
    ) -> Envelope[Read]:
        service = Service(session, access)
        row = await service.restore(id_)
        set_etag(response, row.version)
        return Envelope[Read](data=await service.one(row))

    async def bulk_records(
        body: BulkRequest,
        access: Access = Depends(editor),
        session: AsyncSession = Depends(get_session),
    ) -> Envelope[BulkResult]:
        return Envelope[BulkResult](data=await Service(session, access).bulk(body))

    async def record_timeline(
        id_: uuid.UUID = record_id,
        access: Access = Depends(reader),
        session: AsyncSession = Depends(get_session),
        page: CursorParams = Depends(cursor_params),
    ) -> CursorEnvelope[TimelineItem]:
        items, meta = await timeline(session, access.subject, kind, id_, page)
        return CursorEnvelope[TimelineItem](data=items, meta=meta)

    one = f"/{{{kind}_id}}"
    # What a newcomer needs to get a versioned write right on the first try.
    version_doc = (
        "Send `If-Match` with the version from the record's `ETag`: 428 without it, 412 when "
        "the record changed since (the current record is in `error.details`)."
    )
    routes: list[tuple[str, str, Any, str, int, str]] = [
        ("", "GET", list_records, f"list_{plural}", 200,
         f"The {plural} you may see, newest first by default, in keyset pages "
         f"(`cursor`/`limit`). Filter with `filter[<field>][<op>]=<value>` on {spec.filters_doc}, "
         "`tag` (tag ids) and `custom.<key>`; search with `q`; apply a saved view with `view`. "
         "`meta.total` is exact, estimated or absent as `count` asks."),
        ("", "POST", create_record, f"create_{kind}", 201,
         f"Create a {kind}. The caller owns it unless `owner_id` names someone else (within "
         "what their role may assign). Custom fields are validated against their definitions; "
         "likely duplicates come back in `meta.duplicates`. Accepts `Idempotency-Key`."),
        ("/bulk", "POST", bulk_records, f"bulk_{plural}", 200,
         f"One action on up to {MAX_BULK} {plural}, by ids or by filter: update fields, assign "
         "an owner, add or remove tags, or delete. All or nothing: if any record is missing "
         "(404) or outside your rights (403), nothing changes and the error names it; a filter "
         f"matching more than {MAX_BULK} records is 422. `data.items` says, per record, "
         "whether it was updated, unchanged or deleted."),
        (one, "GET", get_record, f"get_{kind}", 200,
         f"One {kind}. The `ETag` is its version, for `If-Match` on changes. 404 when it "
         "does not exist, is in the trash or is not one you may see."),
        (one, "PATCH", update_record, f"update_{kind}", 200,
         f"Change some fields of a {kind}. Only the fields sent change; `custom` merges key "
         "by key (null clears one); `tag_ids` replaces the tags. " + version_doc),
        (one, "DELETE", delete_record, f"delete_{kind}", 204,
         f"Move a {kind} to the trash; it can be restored for 30 days. " + version_doc),
        (f"{one}/restore", "POST", restore_record, f"restore_{kind}", 200,
         f"Bring a {kind} back from the trash, as it was when deleted. 404 when it is not "
         "in your trash (never deleted, purged, or not one you may see)."),
        (f"{one}/timeline", "GET", record_timeline, f"{kind}_timeline", 200,
         f"What happened to a {kind}, newest first: the activities linked to it (those you "
         "may see) and its own events (who changed which field from what to what), with those "
         f"of the {plural} merged into it, in keyset pages (`cursor`/`limit`)."),
    ]  # fmt: skip
    for path, method, endpoint, name, code, doc in routes:
        endpoint.__doc__ = doc
        extra: dict[str, Any] = {"response_class": Response} if code == 204 else {}
        router.add_api_route(
            path,
            endpoint,
            methods=[method],
            name=name,
            status_code=code,
            response_model=None if code == 204 else endpoint.__annotations__["return"],
            **extra,
        )


def add_merge_route(router: APIRouter, kind: str, merger: Any, body: Any, read: Any) -> None:
    """Register ``POST /<kind>s/{<kind>_id}/merge`` (a ``RecordMerger`` subclass does the
    work; ``body`` is the kind's MergeRequest subclass, ``read`` its read schema)."""
    Body, Read = body, read

    async def merge_records(
        body: Body,
        request: Request,
        response: Response,
        id_: uuid.UUID = Path(alias=f"{kind}_id", description=f"The surviving {kind}'s id."),
        access: Access = Depends(Authorize(kind, Action.update)),
        session: AsyncSession = Depends(get_session),
    ) -> Envelope[Read]:
        flow = merger(session, access)
        row = await flow.merge(id_, body, if_match(request))
        set_etag(response, row.version)
        return Envelope[Read](data=await flow.service.one(row))

    merge_records.__doc__ = (
        f"Merge a duplicate (`other_id`) into this {kind}, which survives. `fields` and "
        "`custom` say which record's value each field keeps; a field not named keeps this "
        "record's value, or the other's when this one has none. The other's activities, tags "
        "and related records move here, its history shows on this timeline, and it goes to "
        f"the trash (restorable). Needs the right to change this {kind} and to delete the "
        "other (403 otherwise); 404 when the other is not one you may see; 422 for itself. "
        f"Send `If-Match` with this {kind}'s version (428 without it, 412 when stale). "
        f"Answers with the merged {kind}."
    )
    router.add_api_route(
        f"/{{{kind}_id}}/merge",
        merge_records,
        methods=["POST"],
        name=f"merge_{kind}",
        response_model=Envelope[Read],
    )

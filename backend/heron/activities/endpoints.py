"""Activities and "my tasks": HTTP only."""

from __future__ import annotations

import uuid

from fastapi import Depends, Query, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from heron.activities.schemas import (
    ActivityCreate,
    ActivityOut,
    ActivityUpdate,
    TaskDue,
    TaskStatus,
)
from heron.activities.service import ActivityService
from heron.auth.access import Access, Authorize
from heron.kit.envelope import CursorEnvelope, Envelope
from heron.kit.errors import ValidationFailed
from heron.kit.pagination import CursorParams, cursor_params
from heron.kit.routing import domain_router, get_session
from heron.kit.versioning import if_match, set_etag
from heron.models import Activity, RecordKind
from heron.roles.matrix import Action

router = domain_router("/activities", "activities")
tasks_router = domain_router("/tasks", "activities")

ActivityRead = Authorize("activity", Action.read)
ActivityCreator = Authorize("activity", Action.create)
ActivityEdit = Authorize("activity", Action.update)
ActivityRemove = Authorize("activity", Action.delete)


async def _answer(
    service: ActivityService, row: Activity, response: Response
) -> Envelope[ActivityOut]:
    set_etag(response, row.version)
    return Envelope[ActivityOut](data=await service.one(row))


@router.get("", response_model=CursorEnvelope[ActivityOut])
async def list_activities(
    request: Request,
    access: Access = Depends(ActivityRead),
    session: AsyncSession = Depends(get_session),
    page: CursorParams = Depends(cursor_params),
    sort: str | None = Query(
        None,
        max_length=200,
        description="`-created_at` (default), `due_at`, `done_at`, `created_at` or `updated_at`; "
        "`-` for descending.",
    ),
    record_kind: RecordKind | None = Query(
        None, description="With `record_id`: about this record."
    ),
    record_id: uuid.UUID | None = Query(None, description="With `record_kind`."),
    open_: bool | None = Query(
        None, alias="open", description="`true`: not done yet; `false`: done."
    ),
) -> CursorEnvelope[ActivityOut]:
    """The activities you may see (Sales and Support: those they own or are assigned), newest
    first, in keyset pages. Filter with `filter[<field>][<op>]=` on kind, owner_id,
    assignee_id, due_at, done_at and created_at, and by record with
    `filter[record][eq]=<kind>:<id>` or `record_kind` + `record_id`."""
    if (record_kind is None) != (record_id is None):
        missing = "record_id" if record_id is None else "record_kind"
        raise ValidationFailed.field(("query", missing), "Give record_kind and record_id together.")
    record = (record_kind.value, record_id) if record_kind and record_id else None
    rows, meta = await ActivityService(session, access).page(
        request.query_params, sort, page, record=record, open_=open_
    )
    return CursorEnvelope[ActivityOut](data=rows, meta=meta)


@router.post("", response_model=Envelope[ActivityOut], status_code=status.HTTP_201_CREATED)
async def create_activity(
    body: ActivityCreate,
    response: Response,
    access: Access = Depends(ActivityCreator),
    session: AsyncSession = Depends(get_session),
) -> Envelope[ActivityOut]:
    """Log a note, call, meeting or e-mail, or create a task. The caller owns it unless
    `owner_id` names another member; a task is assigned to its owner unless `assignee_id`
    says otherwise. Each link must name a record you can see (422 at `links[i]` otherwise,
    and nothing is written). A note, call, meeting or e-mail on a contact becomes that
    contact's `last_activity_at`. The body is Markdown text, returned exactly as written.
    Accepts `Idempotency-Key`."""
    service = ActivityService(session, access)
    return await _answer(service, await service.create(body), response)


@router.get("/{activity_id}", response_model=Envelope[ActivityOut])
async def get_activity(
    activity_id: uuid.UUID,
    response: Response,
    access: Access = Depends(ActivityRead),
    session: AsyncSession = Depends(get_session),
) -> Envelope[ActivityOut]:
    """One activity with its links. The `ETag` is its version, for `If-Match` on changes."""
    service = ActivityService(session, access)
    return await _answer(service, await service.get(activity_id), response)


@router.patch("/{activity_id}", response_model=Envelope[ActivityOut])
async def update_activity(
    activity_id: uuid.UUID,
    body: ActivityUpdate,
    request: Request,
    response: Response,
    access: Access = Depends(ActivityEdit),
    session: AsyncSession = Depends(get_session),
) -> Envelope[ActivityOut]:
    """Change some fields of an activity (`If-Match` required). `links`, when sent, replaces
    the links."""
    service = ActivityService(session, access)
    row = await service.update(activity_id, body, if_match(request))
    return await _answer(service, row, response)


@router.delete("/{activity_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response)
async def delete_activity(
    activity_id: uuid.UUID,
    request: Request,
    access: Access = Depends(ActivityRemove),
    session: AsyncSession = Depends(get_session),
) -> Response:
    """Move an activity to the trash (`If-Match` required); it can be restored."""
    await ActivityService(session, access).delete(activity_id, if_match(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{activity_id}/restore", response_model=Envelope[ActivityOut])
async def restore_activity(
    activity_id: uuid.UUID,
    response: Response,
    access: Access = Depends(ActivityRemove),
    session: AsyncSession = Depends(get_session),
) -> Envelope[ActivityOut]:
    """Bring an activity back from the trash."""
    service = ActivityService(session, access)
    return await _answer(service, await service.restore(activity_id), response)


@router.post("/{activity_id}/complete", response_model=Envelope[ActivityOut])
async def complete_activity(
    activity_id: uuid.UUID,
    request: Request,
    response: Response,
    access: Access = Depends(ActivityEdit),
    session: AsyncSession = Depends(get_session),
) -> Envelope[ActivityOut]:
    """Mark an activity done now (`done_at`). Doing it again changes nothing. `If-Match` is
    optional here: checked when sent."""
    service = ActivityService(session, access)
    row = await service.complete(activity_id, if_match(request))
    return await _answer(service, row, response)


@router.post("/{activity_id}/reopen", response_model=Envelope[ActivityOut])
async def reopen_activity(
    activity_id: uuid.UUID,
    request: Request,
    response: Response,
    access: Access = Depends(ActivityEdit),
    session: AsyncSession = Depends(get_session),
) -> Envelope[ActivityOut]:
    """Open a done activity again (clears `done_at`). `If-Match` is optional here: checked
    when sent."""
    service = ActivityService(session, access)
    row = await service.reopen(activity_id, if_match(request))
    return await _answer(service, row, response)


@tasks_router.get("", response_model=CursorEnvelope[ActivityOut])
async def list_tasks(
    access: Access = Depends(ActivityRead),
    session: AsyncSession = Depends(get_session),
    page: CursorParams = Depends(cursor_params),
    assignee: str = Query(
        "me", max_length=40, description="`me` (default), a member's id, or `any`."
    ),
    due: TaskDue = Query(
        TaskDue.all,
        description="`overdue` (before now), `today` (from now to midnight), `week` (the 7 "
        "days after today), `later`, `none` (no due time) or `all`; days are those of the "
        "organization's time zone.",
    ),
    status_: TaskStatus = Query(TaskStatus.open, alias="status", description="open, done, all."),
) -> CursorEnvelope[ActivityOut]:
    """The "my tasks" list: the tasks assigned to you (or to `assignee`) that you may see,
    open ones by default, soonest due first and those without a due time last, in keyset
    pages."""
    rows, meta = await ActivityService(session, access).tasks(assignee, due, status_, page)
    return CursorEnvelope[ActivityOut](data=rows, meta=meta)

"""Custom fields: an organization's own fields on companies, contacts, leads and deals, whose
values records carry under `custom.<key>`."""

from __future__ import annotations

import uuid

from fastapi import Depends, Query, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.custom_fields.auth import (
    CustomFieldCreator,
    CustomFieldEdit,
    CustomFieldRead,
    CustomFieldRemove,
)
from heron.custom_fields.schemas import CustomFieldCreate, CustomFieldOut, CustomFieldUpdate
from heron.custom_fields.service import CustomFieldService, out
from heron.kit.envelope import Envelope
from heron.kit.routing import domain_router, get_session
from heron.kit.versioning import if_match, set_etag
from heron.models import CustomField, RecordKind

router = domain_router("/custom-fields", "custom-fields")


def _answer(field: CustomField, response: Response) -> Envelope[CustomFieldOut]:
    set_etag(response, field.version)
    return Envelope[CustomFieldOut](data=out(field))


@router.get("", response_model=Envelope[list[CustomFieldOut]])
async def list_custom_fields(
    access: Access = Depends(CustomFieldRead),
    session: AsyncSession = Depends(get_session),
    record_kind: RecordKind | None = Query(None, description="Only the fields of this kind."),
) -> Envelope[list[CustomFieldOut]]:
    """The organization's custom fields, by record kind and position: what forms show and what
    `custom.<key>` filters and sorts accept."""
    service = CustomFieldService(session, access)
    kind = record_kind.value if record_kind else None
    return Envelope[list[CustomFieldOut]](data=await service.listed(kind))


@router.post("", response_model=Envelope[CustomFieldOut], status_code=status.HTTP_201_CREATED)
async def create_custom_field(
    body: CustomFieldCreate,
    response: Response,
    access: Access = Depends(CustomFieldCreator),
    session: AsyncSession = Depends(get_session),
) -> Envelope[CustomFieldOut]:
    """Add a field to a record kind (Owners and Admins). The key is unique per kind (409) and,
    like the type, fixed once made. Select and multi-select fields need options with distinct
    values; the default must be a valid value."""
    return _answer(await CustomFieldService(session, access).create(body), response)


@router.get("/{custom_field_id}", response_model=Envelope[CustomFieldOut])
async def get_custom_field(
    custom_field_id: uuid.UUID,
    response: Response,
    access: Access = Depends(CustomFieldRead),
    session: AsyncSession = Depends(get_session),
) -> Envelope[CustomFieldOut]:
    """One custom field. The `ETag` is its version for `If-Match`."""
    return _answer(await CustomFieldService(session, access).get(custom_field_id), response)


@router.patch("/{custom_field_id}", response_model=Envelope[CustomFieldOut])
async def update_custom_field(
    custom_field_id: uuid.UUID,
    body: CustomFieldUpdate,
    request: Request,
    response: Response,
    access: Access = Depends(CustomFieldEdit),
    session: AsyncSession = Depends(get_session),
) -> Envelope[CustomFieldOut]:
    """Change a field's label, rules, default, options, help text or position (`If-Match`
    required). Its key and type cannot change (422). Removing an option that records still hold
    is a 409 saying how many."""
    service = CustomFieldService(session, access)
    field = await service.update(custom_field_id, body, if_match(request))
    return _answer(field, response)


@router.delete("/{custom_field_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_custom_field(
    custom_field_id: uuid.UUID,
    request: Request,
    access: Access = Depends(CustomFieldRemove),
    session: AsyncSession = Depends(get_session),
) -> Response:
    """Delete a field (`If-Match` required) and its values on every record of its kind, the
    trash included; the records' other values stay."""
    await CustomFieldService(session, access).delete(custom_field_id, if_match(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)

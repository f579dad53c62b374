"""Tags: the organization's coloured labels, put on companies, contacts, leads and deals."""

from __future__ import annotations

import uuid

from fastapi import Depends, Query, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.kit.envelope import Envelope
from heron.kit.routing import domain_router, get_session
from heron.kit.versioning import if_match, set_etag
from heron.models import Tag
from heron.tags.auth import TagCreator, TagEdit, TagRead, TagRemove
from heron.tags.schemas import TagCreate, TagDetail, TagUpdate
from heron.tags.service import TagService

router = domain_router("/tags", "tags")


async def _answer(service: TagService, tag: Tag, response: Response) -> Envelope[TagDetail]:
    set_etag(response, tag.version)
    return Envelope[TagDetail](data=await service.detail(tag))


@router.get("", response_model=Envelope[list[TagDetail]])
async def list_tags(
    access: Access = Depends(TagRead),
    session: AsyncSession = Depends(get_session),
    q: str | None = Query(
        None, max_length=60, description="Only tags whose name starts with this (ignoring case)."
    ),
    usage: bool = Query(
        True,
        description="Count the records carrying each tag. Pickers and filters pass `false`: "
        "counting reads every tagging, about a second per few hundred thousand records.",
    ),
) -> Envelope[list[TagDetail]]:
    """Every tag of the organization, sorted by name, each with how many records carry it
    (unless `usage=false`). `?q=` keeps the tags whose name starts with the text, for pickers."""
    tags = await TagService(session, access).listed(q, usage=usage)
    return Envelope[list[TagDetail]](data=tags)


@router.post("", response_model=Envelope[TagDetail], status_code=status.HTTP_201_CREATED)
async def create_tag(
    body: TagCreate,
    response: Response,
    access: Access = Depends(TagCreator),
    session: AsyncSession = Depends(get_session),
) -> Envelope[TagDetail]:
    """Make a tag. Names are unique in the organization ignoring case (409 otherwise); the
    colour is `#rrggbb`, stored in lower case, slate grey when left out."""
    service = TagService(session, access)
    return await _answer(service, await service.create(body), response)


@router.get("/{tag_id}", response_model=Envelope[TagDetail])
async def get_tag(
    tag_id: uuid.UUID,
    response: Response,
    access: Access = Depends(TagRead),
    session: AsyncSession = Depends(get_session),
) -> Envelope[TagDetail]:
    """One tag with its usage count. The `ETag` is its version for `If-Match`."""
    service = TagService(session, access)
    return await _answer(service, await service.get(tag_id), response)


@router.patch("/{tag_id}", response_model=Envelope[TagDetail])
async def update_tag(
    tag_id: uuid.UUID,
    body: TagUpdate,
    request: Request,
    response: Response,
    access: Access = Depends(TagEdit),
    session: AsyncSession = Depends(get_session),
) -> Envelope[TagDetail]:
    """Rename a tag or change its colour (`If-Match` required); every record carrying it shows
    the change."""
    service = TagService(session, access)
    return await _answer(service, await service.update(tag_id, body, if_match(request)), response)


@router.delete("/{tag_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_tag(
    tag_id: uuid.UUID,
    request: Request,
    access: Access = Depends(TagRemove),
    session: AsyncSession = Depends(get_session),
) -> Response:
    """Delete a tag (`If-Match` required); it is taken off every record that carried it."""
    await TagService(session, access).delete(tag_id, if_match(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)

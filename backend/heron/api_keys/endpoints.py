"""API keys: credentials for scripts and integrations, each acting with one role."""

from __future__ import annotations

import uuid

from fastapi import Depends, Query, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from heron.api_keys.auth import CreateApiKeys, ReadApiKeys, RevokeApiKeys
from heron.api_keys.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyOut, KeyStatus, api_key_out
from heron.api_keys.service import ApiKeyService
from heron.auth.access import Access
from heron.kit.envelope import Envelope, PageEnvelope
from heron.kit.pagination import PageParams, page_params
from heron.kit.routing import domain_router, get_session

router = domain_router("/api-keys", "api-keys")


@router.post("", response_model=Envelope[ApiKeyCreated], status_code=status.HTTP_201_CREATED)
async def create_api_key(
    body: ApiKeyCreate,
    access: Access = Depends(CreateApiKeys),
    session: AsyncSession = Depends(get_session),
) -> Envelope[ApiKeyCreated]:
    """Make an API key with a role you may grant (at most your own; only Owners make Owner
    keys) and an optional expiry. The answer is the only time the `secret` is shown: store it
    now. A key acts for its creator: it stops working when they leave the organization and
    never exceeds their current role. With an `Idempotency-Key`, a replay within 24 hours
    names the same key with `secret` null: secrets are never stored. If the first answer was
    lost, revoke that key and make another."""
    key, secret = await ApiKeyService(session, access).create(body)
    out = api_key_out(key)
    return Envelope[ApiKeyCreated](data=ApiKeyCreated(**out.model_dump(), secret=secret))


@router.get("", response_model=PageEnvelope[ApiKeyOut])
async def list_api_keys(
    request: Request,
    access: Access = Depends(ReadApiKeys),
    session: AsyncSession = Depends(get_session),
    page: PageParams = Depends(page_params),
    key_status: KeyStatus = Query(
        KeyStatus.active,
        alias="status",
        description="Which keys: `active` (default), `revoked`, `expired` or `all`.",
    ),
    sort: str | None = Query(
        None,
        max_length=200,
        description="`name`, `created_at`, `expires_at` or `last_used_at`, `-` for descending "
        "(default `-created_at`).",
    ),
) -> PageEnvelope[ApiKeyOut]:
    """The API keys you may see: all of the organization's for Owners and Admins, those you
    made for other roles. Filter with `filter[name][icontains]=`, `filter[role][eq]=`,
    `filter[created_by_id][eq]=`, `filter[created_at|expires_at|last_used_at][gte]=`."""
    rows, meta = await ApiKeyService(session, access).list(
        key_status, request.query_params, sort, page
    )
    return PageEnvelope[ApiKeyOut](data=[api_key_out(r) for r in rows], meta=meta)


@router.get("/{api_key_id}", response_model=Envelope[ApiKeyOut])
async def get_api_key(
    api_key_id: uuid.UUID,
    access: Access = Depends(ReadApiKeys),
    session: AsyncSession = Depends(get_session),
) -> Envelope[ApiKeyOut]:
    """One API key: its name, prefix, role, creator, dates and status (never the secret)."""
    key = await ApiKeyService(session, access).get(api_key_id)
    return Envelope[ApiKeyOut](data=api_key_out(key))


@router.delete("/{api_key_id}", status_code=status.HTTP_204_NO_CONTENT)
async def revoke_api_key(
    api_key_id: uuid.UUID,
    access: Access = Depends(RevokeApiKeys),
    session: AsyncSession = Depends(get_session),
) -> Response:
    """Revoke an API key: it fails from the very next request. Revoking a revoked key again
    answers 204 and changes nothing."""
    await ApiKeyService(session, access).revoke(api_key_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

"""Idempotency-Key on POST requests (shared/API.md "Writes").

A replay within 24 hours returns the first answer; the same key with another body is 422; a
duplicate that arrives while the first is still running is 409. Keys are scoped to the caller.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from fastapi import Request
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from heron.kit.errors import Conflict, ValidationFailed
from heron.kit.routing import IdempotentReplay
from heron.models.base import utcnow
from heron.models.idempotency import IdempotencyKey

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
RETENTION = timedelta(hours=24)


async def request_fingerprint(request: Request) -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode())
    digest.update(request.url.path.encode())
    digest.update(str(request.url.query).encode())
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        await _form_digest(request, digest)
    else:
        digest.update(await request.body())
    return digest.hexdigest()


async def _form_digest(request: Request, digest: Any) -> None:
    """An upload's fields and files (FastAPI has already parsed the form, so its raw body is
    gone; the parsed form is kept on the request)."""
    form = await request.form()
    for name, value in sorted(form.multi_items(), key=lambda item: item[0]):
        digest.update(name.encode() + b"\0")
        if isinstance(value, str):
            digest.update(value.encode() + b"\0")
            continue
        digest.update((value.filename or "").encode() + b"\0")
        while chunk := await value.read(1024 * 1024):
            digest.update(chunk)
        await value.seek(0)


async def guard(request: Request, session: AsyncSession, scope: str) -> None:
    """Claim the request's Idempotency-Key for ``scope``, or replay / refuse."""
    key = request.headers.get(HEADER)
    if key is None or request.method != "POST":
        return
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ValidationFailed.field(
            ("header", HEADER), f"{HEADER} must be 1 to {MAX_KEY_LENGTH} characters."
        )
    fingerprint = await request_fingerprint(request)
    since = utcnow() - RETENTION
    existing = await session.scalar(
        select(IdempotencyKey).where(IdempotencyKey.scope == scope, IdempotencyKey.key == key)
    )
    if existing is not None and existing.created_at < since:
        await session.execute(delete(IdempotencyKey).where(IdempotencyKey.id == existing.id))
        existing = None
    if existing is not None:
        _replay_or_refuse(existing, fingerprint)
    record = IdempotencyKey(
        scope=scope, key=key, request_hash=fingerprint, method=request.method, path=request.url.path
    )
    session.add(record)
    try:
        # The unique (scope, key) makes a concurrent duplicate wait for the first transaction
        # and then fail here: that request is answered 409 and may retry to get the replay.
        await session.flush()
    except IntegrityError as exc:
        raise Conflict(
            "A request with this Idempotency-Key is still being processed; retry shortly."
        ) from exc
    request.state.idempotency_record = record


def _replay_or_refuse(existing: IdempotencyKey, fingerprint: str) -> None:
    if existing.request_hash != fingerprint:
        raise ValidationFailed.field(
            ("header", HEADER), f"This {HEADER} was already used with a different request."
        )
    if existing.status_code is None:
        raise Conflict("A request with this Idempotency-Key is still being processed.")
    raise IdempotentReplay(_detached_answer(existing))


def _detached_answer(existing: IdempotencyKey) -> IdempotencyKey:
    """A copy of the stored answer that outlives the session: the replay is sent after the
    request's transaction has rolled back, which expires every row the session loaded."""
    return IdempotencyKey(
        status_code=existing.status_code,
        response_body=existing.response_body,
        response_headers=dict(existing.response_headers or {}),
    )


async def purge_expired(session: AsyncSession) -> int:
    """Delete stored answers older than the 24-hour replay window; returns how many."""
    result = await session.execute(
        delete(IdempotencyKey).where(IdempotencyKey.created_at < utcnow() - RETENTION)
    )
    return int(getattr(result, "rowcount", 0) or 0)

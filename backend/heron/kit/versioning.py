"""ETag / If-Match: optimistic concurrency for versioned records (shared/API.md "Writes")."""

from __future__ import annotations

import re
from typing import Any

from fastapi import Request, Response

from heron.kit.errors import PreconditionFailed, PreconditionRequired, ValidationFailed

_ETAG = re.compile(r'^(?:W/)?"(\d{1,12})"$')


def etag(version: int) -> str:
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag(version)


def if_match(request: Request) -> int | None:
    """The version the client claims to be changing, from If-Match, or None without one."""
    raw = request.headers.get("if-match")
    if raw is None:
        return None
    match = _ETAG.match(raw.strip())
    if match is None:
        raise ValidationFailed.field(
            ("header", "If-Match"), 'If-Match must be a version in quotes, e.g. "3".'
        )
    return int(match.group(1))


def check_version(
    current: int, expected: int | None, *, current_record: Any = None, required: bool = True
) -> None:
    """Refuse a write made against another version than ``current`` (412) or without one (428)."""
    if expected is None:
        if required:
            raise PreconditionRequired()
        return
    if expected != current:
        details = [
            {
                "loc": ["header", "If-Match"],
                "msg": f"Current version is {current}.",
                "type": "stale_version",
                "current": current_record,
            }
        ]
        raise PreconditionFailed(details=details)

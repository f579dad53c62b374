"""Error responses declared on every router, so OpenAPI documents each status a route can give."""

from __future__ import annotations

from typing import Any

from heron.kit.envelope import ErrorEnvelope

_STATUSES = {
    401: "Not signed in, or the token or API key is not valid.",
    403: "The caller's role does not allow this.",
    404: "Not found (or not visible to the caller).",
    409: "Conflicts with the current state.",
    412: "The record changed since the version in If-Match.",
    413: "The request body is too large.",
    422: "Some input is not valid.",
    428: "This change needs an If-Match header.",
    429: "Too many requests; see Retry-After.",
    500: "Unexpected failure; quote the request id.",
    503: "The database was busy and nothing was saved; try again after Retry-After.",
}

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorEnvelope, "description": text} for status, text in _STATUSES.items()
}

"""One place that turns every error into the API envelope."""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from heron.kit.context import request_id_var
from heron.kit.errors import DatabaseBusy, HeronError, PreconditionFailed

log = structlog.get_logger("heron.errors")

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
}


def error_response(
    status: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = {
        "success": False,
        "data": None,
        "meta": None,
        "error": {
            "code": code,
            "message": message,
            "details": details or [],
            "request_id": request_id_var.get(),
        },
    }
    return JSONResponse(body, status_code=status, headers=headers)


def _clean_validation_errors(errors: Any) -> list[dict[str, Any]]:
    """Pydantic's errors without the raw input (which may echo a password) or URLs."""
    cleaned = []
    for err in errors:
        cleaned.append(
            {
                "loc": [
                    part if isinstance(part, int) else str(part) for part in err.get("loc", ())
                ],
                "msg": str(err.get("msg", "")),
                "type": str(err.get("type", "value_error")),
            }
        )
    return cleaned


async def heron_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HeronError)
    if exc.status_code >= 500:
        log.error("request_failed", code=exc.code, message=exc.message)
    return error_response(exc.status_code, exc.code, exc.message, exc.details, exc.headers)


async def validation_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = _clean_validation_errors(exc.errors())
    if any(d["type"] == "json_invalid" for d in details):
        message = "The request body is not valid JSON."
    else:
        message = "Some fields are not valid."
    return error_response(422, "validation_error", message, details)


async def http_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "error")
    message = exc.detail if isinstance(exc.detail, str) else "Request failed."
    if exc.status_code == 404:
        message = "Not found."
    if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
        # A body that is not UTF-8 is not JSON either (RFC 8259): the same 422 as malformed JSON.
        details = [{"loc": ["body"], "msg": "The body is not UTF-8 JSON.", "type": "json_invalid"}]
        return error_response(
            422, "validation_error", "The request body is not valid JSON.", details
        )
    return error_response(exc.status_code, code, message, headers=getattr(exc, "headers", None))


async def stale_data_handler(request: Request, exc: Exception) -> JSONResponse:
    err = PreconditionFailed()
    return error_response(err.status_code, err.code, err.message)


# PostgreSQL's "try again" states: lock_not_available, deadlock_detected, serialization_failure.
_BUSY_SQLSTATES = frozenset({"55P03", "40P01", "40001"})


def database_busy(exc: OperationalError) -> bool:
    """Whether the database refused the statement for want of its turn, not for a fault."""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate in _BUSY_SQLSTATES
    return str(exc.orig).startswith(("database is locked", "database is busy"))


async def operational_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, OperationalError)
    if not database_busy(exc):
        raise exc  # a 500 envelope, logged with its traceback (kit/middleware.py)
    log.warning("database_busy", error=str(exc.orig))
    busy = DatabaseBusy()
    return error_response(busy.status_code, busy.code, busy.message, headers=busy.headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(HeronError, heron_error_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_exception_handler(StarletteHTTPException, http_error_handler)
    app.add_exception_handler(StaleDataError, stale_data_handler)
    app.add_exception_handler(OperationalError, operational_error_handler)
    # Anything unhandled becomes a 500 envelope in RequestContextMiddleware (kit/middleware.py).

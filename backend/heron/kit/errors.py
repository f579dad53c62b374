"""Typed errors. Services raise these; one handler renders them in the API envelope."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class HeronError(Exception):
    status_code: int = 500
    code: str = "internal_error"
    message: str = "Something went wrong on our side."

    def __init__(
        self,
        message: str | None = None,
        *,
        details: Sequence[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        keep_changes: bool = False,
    ) -> None:
        self.message = message or self.message
        # The refusal is itself a change to store (e.g. a session revoked on token reuse):
        # the transaction commits before the error is sent.
        self.keep_changes = keep_changes
        self.details = list(details or [])
        self.headers = headers or {}
        super().__init__(self.message)


class Unauthenticated(HeronError):
    status_code = 401
    code = "unauthenticated"
    message = "Sign in to continue."

    def __init__(self, message: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(message, **kwargs)


class PermissionDenied(HeronError):
    status_code = 403
    code = "permission_denied"
    message = "Your role does not allow this."


class NotFound(HeronError):
    status_code = 404
    code = "not_found"
    message = "Not found."


class Conflict(HeronError):
    status_code = 409
    code = "conflict"
    message = "This conflicts with the current state."


class PayloadTooLarge(HeronError):
    status_code = 413
    code = "payload_too_large"
    message = "The request body is too large."


class PreconditionFailed(HeronError):
    status_code = 412
    code = "precondition_failed"
    message = "The record was changed by someone else; reload it and try again."


class PreconditionRequired(HeronError):
    status_code = 428
    code = "precondition_required"
    message = 'This change needs an If-Match header with the record\'s version, e.g. If-Match: "3".'


class ValidationFailed(HeronError):
    status_code = 422
    code = "validation_error"
    message = "Some fields are not valid."

    @classmethod
    def field(
        cls, loc: Sequence[str | int], msg: str, type_: str = "value_error"
    ) -> ValidationFailed:
        """One invalid field, located like pydantic's errors (e.g. ``("body", "email")``)."""
        return cls(msg, details=[{"loc": list(loc), "msg": msg, "type": type_}])


class RateLimited(HeronError):
    status_code = 429
    code = "rate_limited"
    message = "Too many attempts. Wait a moment and try again."

    def __init__(self, retry_after: int, message: str | None = None) -> None:
        super().__init__(message, headers={"Retry-After": str(max(1, retry_after))})
        self.retry_after = retry_after


class ServiceUnavailable(HeronError):
    status_code = 503
    code = "service_unavailable"
    message = "The service is not ready."


class DatabaseBusy(ServiceUnavailable):
    """The database could not give the request its turn in time (SQLite's write lock held
    past its busy timeout, a lock or deadlock PostgreSQL gave up on). The request's
    transaction was rolled back whole, so it can simply be sent again."""

    code = "database_busy"
    message = "The database is busy and nothing was saved. Try again in a moment."

    def __init__(self) -> None:
        super().__init__(headers={"Retry-After": "1"})

"""The OpenAPI document, completed with the headers every endpoint honours by convention.

Idempotency-Key (authenticated POSTs) and If-Match (PATCH and DELETE) are read by shared
mechanisms rather than declared per route; this writes them into the document once, so generated
clients and the API reference show them.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": (
        "Makes a retry safe: a replay within 24 hours returns the first answer (with "
        "`Idempotent-Replayed: true`); the same key with another body is 422; while the first "
        "request is still running, 409."
    ),
}
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "pattern": '^(W/)?"[0-9]{1,12}"$'},
    "description": (
        'The version being changed, from the record\'s ETag (e.g. `"3"`). Versioned records '
        "require it (428 without); a stale version is 412 with the current record."
    ),
}


def _add_header(operation: dict[str, Any], header: dict[str, Any]) -> None:
    parameters = operation.setdefault("parameters", [])
    if not any(p.get("name") == header["name"] and p.get("in") == "header" for p in parameters):
        parameters.append(header)


def install_openapi(app: FastAPI) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            for path, operations in schema.get("paths", {}).items():
                if not path.startswith("/api/v1"):
                    continue
                for method, operation in operations.items():
                    if method == "post" and operation.get("security"):
                        _add_header(operation, IDEMPOTENCY_KEY)
                    if method in {"patch", "delete"} and operation.get("security"):
                        _add_header(operation, IF_MATCH)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

"""Server-sent events: how Heron writes them and documents them in OpenAPI."""

from __future__ import annotations

import json
from typing import Any

KEEPALIVE_SECONDS = 15.0
# Sent first: how long a client waits before reconnecting after the stream ends unexpectedly.
RETRY_MILLISECONDS = 2000
HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}

# One event of the stream, as OpenAPI 3.2 describes server-sent events (``data`` is JSON text).
EVENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "event": {"type": "string", "description": "The event's name (`job`, `ready`)."},
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "description": "The event's JSON document.",
        },
        "id": {"type": "string"},
        "retry": {"type": "integer", "description": "Milliseconds to wait before reconnecting."},
    },
}


def sse(event: str, data: Any, id_: str | None = None) -> str:
    lines = [f"event: {event}"]
    if id_ is not None:
        lines.append(f"id: {id_}")
    lines.append(f"data: {json.dumps(data, separators=(',', ':'))}")
    return "\n".join(lines) + "\n\n"


def sse_responses(description: str) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` entry of a route answering with a stream of events."""
    return {
        200: {
            "description": description,
            "content": {"text/event-stream": {"schema": EVENT_SCHEMA}},
        }
    }

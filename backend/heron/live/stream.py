"""The organization's live stream (``GET /events/stream``): every message of the live bus the
caller may see, as server-sent events. Deny by default: a message type is sent only once a rule
here says who may see it. Today: ``job`` (the job's starter, and whoever reads every job)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

from heron.config import Settings
from heron.kit.subject import Subject
from heron.live.bus import Message, bus_for
from heron.live.sse import KEEPALIVE_SECONDS, RETRY_MILLISECONDS, sse
from heron.roles.matrix import Action, Scope, scope_for


def may_see(subject: Subject, message: Message) -> bool:
    """Whether ``subject`` may receive ``message`` (of its own organization)."""
    if message.get("org_id") != str(subject.org_id):
        return False
    if message.get("type") == "job":
        scope = scope_for(subject.role, "job", Action.read)
        if scope is Scope.all:
            return True
        person = subject.person_id
        return (
            scope is not Scope.none
            and person is not None
            and (message.get("created_by_id") == str(person))
        )
    return False


async def live_events(
    settings: Settings, subject: Subject, max_seconds: float
) -> AsyncIterator[str]:
    """The caller's live events until ``max_seconds`` have passed (then the client reconnects)."""
    yield f"retry: {RETRY_MILLISECONDS}\n\n"
    async with bus_for(settings.redis_url).subscribe(subject.org_id) as subscription:
        yield sse("ready", {"org_id": str(subject.org_id)})
        deadline = time.monotonic() + max_seconds
        while (left := deadline - time.monotonic()) > 0:
            message = await subscription.next(min(KEEPALIVE_SECONDS, left))
            if message is None:
                yield ": keep-alive\n\n"
            elif may_see(subject, message):
                kind = str(message["type"])
                yield sse(kind, message.get(kind))

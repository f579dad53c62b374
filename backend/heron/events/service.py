"""Record what changed: one event per change, in the same transaction as the change."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heron.kit.context import client_ip_var, request_id_var
from heron.kit.subject import ActorType, Subject
from heron.models.event import Event
from heron.models.user import User

# Never copied into an event, whatever the entity.
SECRET_FIELDS = frozenset({"password_hash", "key_hash", "token_hash"})


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value


def snapshot(row: Any, fields: Iterable[str]) -> dict[str, Any]:
    """The JSON-ready values of ``fields`` of ``row``, secrets left out."""
    return {f: _jsonable(getattr(row, f)) for f in fields if f not in SECRET_FIELDS}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """``{field: {"before": x, "after": y}}`` for the fields whose value changed."""
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in after
        if before.get(key) != after.get(key) and key not in SECRET_FIELDS
    }


async def record(
    session: AsyncSession,
    *,
    org_id: uuid.UUID,
    type: str,
    entity: str,
    entity_id: uuid.UUID | None,
    subject: Subject | None = None,
    actor_user_id: uuid.UUID | None = None,
    changes: Mapping[str, Any] | None = None,
) -> Event:
    """Add the event of one change. ``subject`` is the caller; without one, ``actor_user_id``
    names the acting person (sign-up, accepting an invitation) or the system acted."""
    if subject is not None:
        actor_type, actor_id = subject.actor_type, subject.actor_id
    elif actor_user_id is not None:
        actor_type, actor_id = ActorType.user, actor_user_id
    else:
        actor_type, actor_id = ActorType.system, None
    event = Event(
        org_id=org_id,
        type=type,
        entity=entity,
        entity_id=entity_id,
        actor_type=actor_type.value,
        actor_id=actor_id,
        changes=dict(changes or {}),
        ip=client_ip_var.get(),
        request_id=request_id_var.get(),
    )
    session.add(event)
    await session.flush()
    return event


async def member_added(
    session: AsyncSession,
    org_id: uuid.UUID,
    user: User,
    role: str,
    *,
    actor_user_id: uuid.UUID | None = None,
) -> Event:
    """The event of a person joining an organization (creating it, an invitation, the CLI)."""
    return await record(
        session,
        org_id=org_id,
        type="member.added",
        entity="member",
        entity_id=user.id,
        actor_user_id=actor_user_id,
        changes={"role": role, "email": user.email},
    )

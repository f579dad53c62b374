from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from heron.kit.schemas import Schema


class EventOut(Schema):
    id: uuid.UUID
    type: str
    entity: str
    entity_id: uuid.UUID | None
    actor_type: str
    actor_id: uuid.UUID | None
    changes: dict[str, Any]
    ip: str | None
    request_id: str | None
    created_at: datetime

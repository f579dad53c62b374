"""The trash in and out of the API."""

from __future__ import annotations

import uuid
from datetime import datetime

from heron.kit.schemas import Schema
from heron.records.schemas import PersonRef


class TrashItem(Schema):
    kind: str
    id: uuid.UUID
    title: str
    deleted_at: datetime
    deleted_by: PersonRef | None
    purge_after: datetime

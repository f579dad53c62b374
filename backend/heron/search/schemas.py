"""Search results."""

from __future__ import annotations

import uuid

from heron.kit.schemas import Schema


class SearchHit(Schema):
    kind: str
    id: uuid.UUID
    title: str
    subtitle: str | None
    score: float

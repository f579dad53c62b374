"""JSON read from the database comes back exactly as stored, on both databases: Heron decodes
it with orjson (heron.db.json_loads) except where orjson would read it differently."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import JSON, cast, func, literal, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from heron.db import json_loads

pytestmark = pytest.mark.anyio

STORED = (
    '{"big": 123456789012345678901234567890, "negative": -98765432109876543210, '
    '"float": 0.1, "tiny": 5e-324, "text": "Zoë \\u00e9 12345678901234567890", '
    '"nested": [1, {"a": null, "b": true}], "empty": {}}'
)
EXPECTED: dict[str, Any] = {
    "big": 123456789012345678901234567890,
    "negative": -98765432109876543210,
    "float": 0.1,
    "tiny": 5e-324,
    "text": "Zoë é 12345678901234567890",
    "nested": [1, {"a": None, "b": True}],
    "empty": {},
}


async def test_a_json_column_reads_back_exactly(session: AsyncSession) -> None:
    # PostgreSQL sends jsonb, decoded by the driver; SQLite sends text, decoded by SQLAlchemy.
    if session.get_bind().dialect.name == "postgresql":
        column = cast(literal(STORED), JSONB)
    else:
        column = func.json(STORED, type_=JSON)
    value = await session.scalar(select(column))
    assert value == EXPECTED
    assert type(value["big"]) is int and type(value["negative"]) is int


@pytest.mark.parametrize("data", [STORED, STORED.encode()])
def test_json_loads_agrees_with_the_standard_library(data: str | bytes) -> None:
    assert json_loads(data) == EXPECTED


def test_json_loads_reads_what_orjson_refuses() -> None:
    assert json_loads(b'{"n": 1e400}') == {"n": float("inf")}
    with pytest.raises(ValueError):
        json_loads(b'{"n": ')

"""Cursors are client input: a crafted one is a 422, never a 500, on every database."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from tests.helpers.factories import create_member, create_org

pytestmark = pytest.mark.anyio

AN_ID = {"u": "01a1fd6e-6388-73a7-b184-a5d53bac1f9e"}


def cursor(*values: Any) -> str:
    raw = json.dumps(list(values)).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/deals", {"sort": "position", "cursor": cursor(2**70, AN_ID)}),
        ("/api/v1/deals", {"sort": "amount", "cursor": cursor(-(2**70), AN_ID)}),
        ("/api/v1/companies", {"sort": "name", "cursor": cursor("a\x00b", AN_ID)}),
        ("/api/v1/trash", {"cursor": cursor({"t": "2026-01-01T00:00:00"}, AN_ID)}),
    ],
)
async def test_crafted_cursors_are_422(
    client: httpx.AsyncClient,
    session: AsyncSession,
    settings: Settings,
    path: str,
    params: dict[str, str],
) -> None:
    owner = await create_member(session, settings, await create_org(session), "owner")

    response = await client.get(path, params=params, headers=owner.headers)

    assert response.status_code == 422, response.text
    assert response.json()["error"]["details"][0]["loc"] == ["query", "cursor"]

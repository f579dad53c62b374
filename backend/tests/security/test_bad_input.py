"""Bad input: bodies too large (honestly declared or streamed), over-long strings, huge arrays,
deep nesting. Never a 500."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.db import Database
from heron.models import User
from tests.helpers.auth import ME, client_for
from tests.helpers.factories import create_member, create_org

pytestmark = pytest.mark.anyio

REGISTER = "/api/v1/auth/register"
LIMIT = 4096


def _signup(**overrides: object) -> dict[str, object]:
    return {
        "email": "ada@example.com",
        "password": "a long enough password",
        "full_name": "Ada Lovelace",
        "organization_name": "Analytical Engines",
        **overrides,
    }


def _padded(size: int) -> bytes:
    """A JSON sign-up body of ``size`` bytes (the padding is in the name)."""
    body = json.dumps(_signup(full_name="")).encode()
    return json.dumps(_signup(full_name="x" * (size - len(body)))).encode()


async def _chunks(data: bytes, size: int = 1000) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def _assert_too_large(response: httpx.Response) -> None:
    assert response.status_code == 413, response.text
    body = response.json()
    assert body["success"] is False and body["error"]["code"] == "payload_too_large"
    assert response.headers["x-content-type-options"] == "nosniff"


async def _user_count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(User)) or 0)


class TestBodySize:
    async def test_declared_too_large_is_refused(
        self, settings: Settings, db: Database, session: AsyncSession
    ) -> None:
        async with client_for(settings, db, max_body_bytes=LIMIT) as client:
            response = await client.post(
                REGISTER, content=_padded(LIMIT + 1), headers={"Content-Type": "application/json"}
            )

        _assert_too_large(response)
        assert await _user_count(session) == 0

    async def test_streamed_too_large_is_refused(
        self, settings: Settings, db: Database, session: AsyncSession
    ) -> None:
        async with client_for(settings, db, max_body_bytes=LIMIT) as client:
            response = await client.post(
                REGISTER,
                content=_chunks(_padded(LIMIT * 3)),
                headers={"Content-Type": "application/json"},
            )

        assert "content-length" not in response.request.headers
        _assert_too_large(response)
        assert await _user_count(session) == 0

    async def test_understated_content_length_is_refused(
        self, settings: Settings, db: Database, session: AsyncSession
    ) -> None:
        async with client_for(settings, db, max_body_bytes=LIMIT) as client:
            response = await client.post(
                REGISTER,
                content=_chunks(_padded(LIMIT * 3)),
                headers={"Content-Type": "application/json", "Content-Length": "100"},
            )

        _assert_too_large(response)
        assert await _user_count(session) == 0

    async def test_body_at_the_limit_is_accepted(
        self, settings: Settings, db: Database, session: AsyncSession
    ) -> None:
        body = json.dumps(_signup(full_name="Ada", organization_name="A" * 150)).encode()
        assert len(body) <= LIMIT
        async with client_for(settings, db, max_body_bytes=LIMIT) as client:
            declared = await client.post(
                REGISTER, content=body, headers={"Content-Type": "application/json"}
            )
            streamed = await client.post(
                REGISTER,
                content=_chunks(json.dumps(_signup(email="b@example.com")).encode(), 10),
                headers={"Content-Type": "application/json"},
            )

        assert declared.status_code == 201, declared.text
        assert streamed.status_code == 201, streamed.text


class TestOversizedValues:
    async def test_over_long_name_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await create_member(session, settings, await create_org(session))

        response = await client.patch(ME, json={"full_name": "x" * 10_000}, headers=member.headers)

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["body", "full_name"]

    @pytest.mark.parametrize("field", ["email", "password", "full_name", "organization_name"])
    async def test_over_long_sign_up_fields_are_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, field: str
    ) -> None:
        value = ("x" * 10_000 + "@example.com") if field == "email" else "x" * 10_000

        response = await client.post(REGISTER, json=_signup(**{field: value}))

        assert response.status_code == 422
        assert [d["loc"] for d in response.json()["error"]["details"]] == [["body", field]]
        assert "x" * 100 not in response.text  # the input is not echoed back
        assert await _user_count(session) == 0

    async def test_huge_array_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        response = await client.post(REGISTER, json=_signup(full_name=list(range(200_000))))

        assert response.status_code in (413, 422)
        assert response.json()["success"] is False
        assert await _user_count(session) == 0

    async def test_huge_top_level_array_is_refused(self, client: httpx.AsyncClient) -> None:
        response = await client.post(REGISTER, json=[_signup()] * 10_000)

        assert response.status_code in (413, 422)

    async def test_deeply_nested_json_is_refused(self, client: httpx.AsyncClient) -> None:
        depth = 100_000
        content = b'{"full_name": ' + b"[" * depth + b"]" * depth + b"}"

        response = await client.post(
            REGISTER, content=content, headers={"Content-Type": "application/json"}
        )

        assert 400 <= response.status_code < 500
        assert response.json()["success"] is False

    @pytest.mark.parametrize(
        "content", [b"\xff\xfe\x00", b'{"email": "\\ud800"}', b"null", b"1e999999"]
    )
    async def test_odd_json_is_a_client_error(
        self, client: httpx.AsyncClient, content: bytes
    ) -> None:
        response = await client.post(
            REGISTER, content=content, headers={"Content-Type": "application/json"}
        )

        assert 400 <= response.status_code < 500
        assert response.json()["success"] is False

"""Security headers and request ids on every response, and the 500 envelope."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import Depends, FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Public
from heron.config import Settings
from heron.db import Database
from heron.kit.routing import domain_router, get_session
from heron.main import create_app
from heron.models import User
from tests.helpers.factories import create_member, create_org

pytestmark = pytest.mark.anyio

SECRET_IN_ERROR = "database password is hunter2"


def _app_that_fails(settings: Settings, db: Database) -> FastAPI:
    """The product app plus two throwaway routes that fail, one on Heron's route class."""
    app = create_app(settings, database=db)
    router = domain_router("/test-failures", "test")

    @router.get("/in-transaction", dependencies=[Depends(Public())])
    async def fail_in_transaction(session: AsyncSession = Depends(get_session)) -> None:
        session.add(User(email="half-written@example.com", full_name="Half written"))
        await session.flush()
        raise RuntimeError(SECRET_IN_ERROR)

    async def fail_plainly() -> None:
        raise ValueError(SECRET_IN_ERROR)

    app.include_router(router, prefix="/api/v1")
    app.add_api_route("/api/v1/test-failures/plain", fail_plainly)
    return app


@pytest.fixture
async def failing_client(settings: Settings, db: Database) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=_app_that_fails(settings, db))
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as client:
        yield client


def _assert_security_headers(response: httpx.Response) -> None:
    headers = response.headers
    csp = headers["content-security-policy"]
    assert (
        "frame-ancestors 'none'" in csp
        and "unsafe-inline" not in csp.split("script-src")[-1].split(";")[0]
    )
    assert "default-src" in csp
    assert headers["strict-transport-security"].startswith("max-age=")
    assert int(headers["strict-transport-security"].split("=")[1].split(";")[0]) >= 15_552_000
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] in {
        "no-referrer",
        "strict-origin-when-cross-origin",
        "same-origin",
    }
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-request-id"]


class TestSecurityHeaders:
    async def test_on_a_successful_api_answer(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await create_member(session, settings, await create_org(session))

        response = await client.get("/api/v1/me", headers=member.headers)

        assert response.status_code == 200
        _assert_security_headers(response)
        assert response.headers["cache-control"] == "no-store"

    async def test_server_timing_says_how_long_the_server_took(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await create_member(session, settings, await create_org(session))

        started = time.perf_counter()
        response = await client.get("/api/v1/me", headers=member.headers)
        elapsed_ms = (time.perf_counter() - started) * 1000

        name, _, duration = response.headers["server-timing"].partition(";dur=")
        assert name == "app" and 0 < float(duration) <= elapsed_ms

    @pytest.mark.parametrize(
        "method, path, status",
        [
            ("GET", "/api/v1/no-such-thing", 404),
            ("GET", "/no-such-page", 404),
            ("GET", "/api/v1/me", 401),
            ("POST", "/api/v1/auth/login", 422),
            ("DELETE", "/api/v1/auth/login", 405),
        ],
    )
    async def test_on_errors(
        self, client: httpx.AsyncClient, method: str, path: str, status: int
    ) -> None:
        response = await client.request(method, path, json={} if method == "POST" else None)

        assert response.status_code == status
        _assert_security_headers(response)
        assert response.json()["success"] is False

    async def test_on_the_openapi_document(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/openapi.json")

        assert response.status_code == 200
        _assert_security_headers(response)


class TestInternalErrors:
    @pytest.mark.parametrize(
        "path", ["/api/v1/test-failures/in-transaction", "/api/v1/test-failures/plain"]
    )
    async def test_answer_is_the_envelope_without_a_stack_trace(
        self, failing_client: httpx.AsyncClient, path: str
    ) -> None:
        response = await failing_client.get(path, headers={"X-Request-ID": "report-42"})

        assert response.status_code == 500
        body = response.json()
        assert body["success"] is False and body["data"] is None
        assert body["error"]["code"] == "internal_error"
        assert body["error"]["request_id"] == "report-42"
        assert response.headers["x-request-id"] == "report-42"
        for leak in (SECRET_IN_ERROR, "Traceback", "RuntimeError", "ValueError", ".py"):
            assert leak not in response.text
        _assert_security_headers(response)

    async def test_work_of_the_failed_request_is_rolled_back(
        self, failing_client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        response = await failing_client.get("/api/v1/test-failures/in-transaction")

        assert response.status_code == 500
        assert await session.scalar(select(func.count()).select_from(User)) == 0

    async def test_request_id_is_made_when_none_is_sent(
        self, failing_client: httpx.AsyncClient
    ) -> None:
        response = await failing_client.get("/api/v1/test-failures/plain")

        assert response.json()["error"]["request_id"] == response.headers["x-request-id"]


class TestRequestId:
    async def test_valid_id_is_echoed(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/me", headers={"X-Request-ID": "client-abc.123:x_y-z"})

        assert response.headers["x-request-id"] == "client-abc.123:x_y-z"
        assert response.json()["error"]["request_id"] == "client-abc.123:x_y-z"

    @pytest.mark.parametrize(
        "value",
        [
            "x" * 500,
            "a\nSet-Cookie: stolen=1",
            "a\r\nb",
            "<script>alert(1)</script>",
            "id with spaces",
            "",
        ],
        ids=["long", "newline", "crlf", "script", "spaces", "empty"],
    )
    async def test_garbage_is_replaced(self, client: httpx.AsyncClient, value: str) -> None:
        scope_headers = [(b"x-request-id", value.encode())]

        response = await _raw_get(client, "/api/v1/me", scope_headers)

        request_id = response.headers["x-request-id"]
        assert request_id != value and 16 <= len(request_id) <= 128
        assert request_id.isalnum()
        assert "set-cookie" not in response.headers
        assert len(response.headers.get_list("x-request-id")) == 1

    async def test_every_answer_gets_its_own_id(self, client: httpx.AsyncClient) -> None:
        ids = {(await client.get("/api/v1/me")).headers["x-request-id"] for _ in range(3)}

        assert len(ids) == 3


async def _raw_get(
    client: httpx.AsyncClient, path: str, headers: list[tuple[bytes, bytes]]
) -> httpx.Response:
    """A GET with header bytes httpx would refuse to send (newlines), straight to the ASGI app."""
    transport = client._transport
    assert isinstance(transport, httpx.ASGITransport)
    app = transport.app
    messages: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, object]) -> None:
        messages.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "https",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 1234),
        "server": ("testserver", 443),
        "state": {},
    }
    await app(scope, receive, send)
    start = next(m for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")  # type: ignore[misc]
    raw = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in start["headers"]]  # type: ignore[union-attr]
    return httpx.Response(int(start["status"]), headers=raw, content=body)  # type: ignore[arg-type]

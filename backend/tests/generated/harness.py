"""Calling a route the way the generated suites do, and proving that nothing was written."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.secrets import API_KEY_PREFIX
from heron.models import Base
from tests.generated.routes import Route, all_routes
from tests.generated.samples import Ctx, Multipart, body_for, path_values, query_for, url

Snapshot = dict[str, Counter[str]]


async def snapshot(session: AsyncSession) -> Snapshot:
    """Every row of every table, serialized: equal snapshots mean nothing was written."""
    tables: Snapshot = {}
    for table in Base.metadata.sorted_tables:
        rows = (await session.execute(select(table))).mappings().all()
        tables[table.name] = Counter(
            json.dumps(dict(row), sort_keys=True, default=str) for row in rows
        )
    return tables


def changes(before: Snapshot, after: Snapshot) -> str:
    """What differs between two snapshots, table by table ('' when nothing does)."""
    lines = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, Counter()), after.get(name, Counter())
        added, removed = new - old, old - new
        if added or removed:
            lines.append(f"  {name}: {sum(added.values())} row(s) added or changed, "
                         f"{sum(removed.values())} removed or changed")  # fmt: skip
            lines += [f"    + {row}" for row in list(added)[:3]]
            lines += [f"    - {row}" for row in list(removed)[:3]]
    return "\n".join(lines)


def _get_route(path: str) -> Route | None:
    return next((r for r in all_routes() if r.method == "GET" and r.path == path), None)


async def current_etag(
    client: httpx.AsyncClient, route: Route, target: str, headers: dict[str, str]
) -> str | None:
    """The ETag a reader with ``headers`` gets from GET on the same path, if there is one."""
    if route.method not in {"PATCH", "PUT", "DELETE"} or _get_route(route.path) is None:
        return None
    response = await client.get(target, headers=headers)
    return response.headers.get("etag") if response.status_code == 200 else None


async def _record_etag(
    client: httpx.AsyncClient, route: Route, target: str, headers: dict[str, str]
) -> str | None:
    """For a verb on a record that checks its version (``POST /deals/{deal_id}/move``): the
    record's ETag, as the reader with ``headers`` sees it. Not read with an API key: that GET
    would record the key's first use, a write the refusal tests would see."""
    parent, _ = route.path.rsplit("/", 1)
    if route.method != "POST" or not parent.endswith("}") or _get_route(parent) is None:
        return None
    if headers.get("Authorization", "").startswith(f"Bearer {API_KEY_PREFIX}"):
        return None
    response = await client.get(target.rsplit("/", 1)[0], headers=headers)
    return response.headers.get("etag") if response.status_code == 200 else None


@dataclass
class Request:
    """A request to one route, built from a context (whose records it names)."""

    route: Route
    target: str
    send_body: bool
    body: Any
    query: dict[str, str]

    @classmethod
    def build(
        cls,
        route: Route,
        ctx: Ctx,
        *,
        body_ctx: Ctx | None = None,
        paths: dict[str, str] | None = None,
    ) -> Request:
        """Path values and body from ``ctx``, unless the body comes from ``body_ctx`` or some
        path values are given in ``paths``."""
        send_body, body = body_for(route, body_ctx or ctx)
        values = {**path_values(route, ctx), **(paths or {})}
        return cls(route, url(route, values), send_body, body, query_for(route, ctx))

    async def send(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        *,
        etag_headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """Send it with ``headers``; ``If-Match`` is the version ``etag_headers`` can read."""
        sent = dict(headers)
        etag = await current_etag(client, self.route, self.target, etag_headers or headers)
        if etag is None:
            etag = await _record_etag(client, self.route, self.target, etag_headers or headers)
        if etag is not None:
            sent["If-Match"] = etag
        client.cookies.clear()  # a cookie set by an earlier answer must not authenticate this
        kwargs: dict[str, Any] = {"headers": sent, "params": self.query}
        if isinstance(self.body, Multipart):
            kwargs["data"], kwargs["files"] = self.body.data, self.body.files
        elif self.send_body:
            kwargs["json"] = self.body
        return await client.request(self.route.method, self.target, **kwargs)

    @property
    def sent(self) -> str:
        """Everything the request says, as text."""
        return f"{self.target} {json.dumps(self.query)} {json.dumps(self.body, default=repr)}"

    def describe(self, response: httpx.Response) -> str:
        body = f" with body {json.dumps(self.body, default=repr)}" if self.send_body else ""
        query = f"?{httpx.QueryParams(self.query)}" if self.query else ""
        return (
            f"{self.route.method} {self.target}{query}{body} -> {response.status_code} "
            f"{response.text[:500]}"
        )


def error_code(response: httpx.Response) -> str | None:
    try:
        payload = response.json()
    except ValueError:
        return None
    error = payload.get("error") if isinstance(payload, dict) else None
    return error.get("code") if isinstance(error, dict) else None

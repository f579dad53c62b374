"""The route table, read the way the generated suites need it.

Routes are discovered from ``heron.main.create_app(...).routes`` every time the tests are
collected, so a route added tomorrow is covered without touching this file. Each route's access
declaration is found by walking its dependency tree for an ``Authorize``, ``SignedIn`` or
``Public`` instance (heron/auth/access.py).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import routing as fastapi_routing
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from heron.auth.access import Authorize, Public, SignedIn
from heron.config import Environment, Settings
from heron.main import create_app

API_PREFIX = "/api/v1"
ACCESS_TYPES = (Authorize, SignedIn, Public)
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# Path parameters that are not record ids (OAuth providers are names such as "google"; a
# calendar feed's secret and a signed download link are credentials of their own, valid
# whoever presents them). Every other
# path parameter names a record, and the tenant suite swaps in another organization's.
# How each is filled: PATH_PARAMS in samples.py.
NAME_PARAMS = ("provider", "feed_token", "download_token")

_PARAM = re.compile(r"{([^}:]+)(?::[^}]*)?}")


@dataclass(frozen=True)
class Route:
    """One (method, path) of the API, with what the generated suites need to know about it."""

    method: str
    path: str
    route: Any  # the APIRoute, or FastAPI's per-inclusion view of it (same attributes)
    original: APIRoute

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    def __str__(self) -> str:
        return self.label

    @property
    def path_params(self) -> list[str]:
        return _PARAM.findall(self.path)

    @property
    def id_params(self) -> list[str]:
        return [p for p in self.path_params if p not in NAME_PARAMS]

    @property
    def is_write(self) -> bool:
        return self.method in WRITE_METHODS

    @property
    def dependant(self) -> Dependant:
        dependant: Dependant = self.route.dependant
        return dependant

    @property
    def takes_body(self) -> bool:
        return self.route.body_field is not None

    @property
    def body_required(self) -> bool:
        field = self.route.body_field
        return field is not None and bool(field.field_info.is_required())

    @property
    def required_queries(self) -> list[str]:
        """Query parameters the route cannot do without (its own or its dependencies')."""
        return sorted(
            {
                q.alias
                for node in _walk(self.dependant)
                for q in node.query_params
                if q.field_info.is_required()
            }
        )

    @property
    def declarations(self) -> list[Any]:
        """Every access dependency the route declares (one is the only right number)."""
        return access_declarations(self.dependant)

    @property
    def access(self) -> Any:
        """The route's single access declaration; fails when there is not exactly one."""
        found = self.declarations
        if len(found) != 1:
            raise AssertionError(declaration_problem(self, found))
        return found[0]

    @property
    def kind(self) -> str:
        """``authorize``, ``signed_in`` or ``public``."""
        access = self.access
        if isinstance(access, Authorize):
            return "authorize"
        return "signed_in" if isinstance(access, SignedIn) else "public"


def threaded_calls(dependant: Dependant) -> list[str]:
    """The endpoint and dependencies FastAPI would run in a worker thread: every callable
    that is not a coroutine function or async generator (a plain function, a sync generator,
    a class to construct, an instance with a plain ``__call__``)."""
    found = []
    for node in _walk(dependant):
        call = node.call
        if call is None:
            continue
        target = call if inspect.isroutine(call) or inspect.isclass(call) else call.__call__
        if inspect.isclass(target) or not (
            inspect.iscoroutinefunction(target) or inspect.isasyncgenfunction(target)
        ):
            found.append(getattr(call, "__qualname__", type(call).__qualname__))
    return found


def _walk(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from _walk(sub)


def access_declarations(dependant: Dependant) -> list[Any]:
    """The distinct access dependencies in a route's dependency tree.

    The same instance reached twice (a route and one of its sub-dependencies both depending on
    ``TeamEdit``) is one declaration; two different ones are two.
    """
    found: list[Any] = []
    for node in _walk(dependant):
        call = node.call
        if isinstance(call, ACCESS_TYPES) and not any(call is seen for seen in found):
            found.append(call)
    return found


def describe(access: Any) -> str:
    if isinstance(access, Authorize):
        return f'Authorize("{access.resource}", Action.{access.action.value})'
    return f"{type(access).__name__}()"


def declaration_problem(route: Route, found: list[Any]) -> str:
    where = _source(route.original)
    if not found:
        return (
            f"{route.label} ({where}) declares no access dependency. Every route declares exactly "
            "one from heron/auth/access.py: `Depends(Authorize(resource, Action.x))` for "
            "organization data, `Depends(SignedIn())` for the person's own things, or "
            "`dependencies=[Depends(Public())]` for routes open to anyone (deny by default)."
        )
    names = ", ".join(describe(a) for a in found)
    return (
        f"{route.label} ({where}) declares {len(found)} access dependencies ({names}); it must "
        "declare exactly one, so the role matrix says unambiguously who may call it."
    )


def _source(route: APIRoute) -> str:
    code = getattr(route.endpoint, "__code__", None)
    if code is None:
        return route.name
    path = Path(code.co_filename)
    parts = path.parts
    if "heron" in parts:
        path = Path(*parts[parts.index("heron") :])
    return f"{path}:{code.co_firstlineno} {route.name}()"


def _route_contexts(routes: Any) -> Iterator[tuple[Any, Any]]:
    """(route view, original route) pairs; FastAPI >= 0.16x keeps included routers nested."""
    iterate = getattr(fastapi_routing, "iter_route_contexts", None)
    if iterate is None:  # older FastAPI: include_router copied routes into app.routes
        for route in routes:
            yield route, route
        return
    for context in iterate(routes):
        yield context, context.original_route  # the context proxies the effective route


def api_routes(app: Any) -> list[Route]:
    """Every (method, path) under /api/v1 of ``app``, sorted by path then method."""
    found: list[Route] = []
    for view, original in _route_contexts(app.routes):
        if not isinstance(original, APIRoute):
            continue
        path = getattr(view, "path", None) or original.path
        if not (path == API_PREFIX or path.startswith(API_PREFIX + "/")):
            continue
        for method in sorted(view.methods or original.methods or ()):
            if method in {"HEAD", "OPTIONS"}:
                continue
            found.append(Route(method=method, path=path, route=view, original=original))
    return sorted(found, key=lambda r: (r.path, r.method))


def collection_settings() -> Settings:
    """Settings for an app that is only inspected, never served."""
    return Settings(
        env=Environment.test,
        secret_key="route-table-inspection-key-0123456789abcdef",
        log_level="WARNING",
    )


@lru_cache(maxsize=1)
def all_routes() -> tuple[Route, ...]:
    """The route table, read once per test run (at collection time)."""
    return tuple(api_routes(create_app(collection_settings())))


def declared(routes: tuple[Route, ...] | list[Route]) -> list[Route]:
    """The routes with exactly one access declaration (the others fail their own test)."""
    return [r for r in routes if len(r.declarations) == 1]


def params(routes: list[Route]) -> list[Any]:
    """pytest parameters with readable ids: ``GET /api/v1/teams/{team_id}``."""
    import pytest

    return [pytest.param(r, id=r.label) for r in routes]

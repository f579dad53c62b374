"""Serves the built web app (web/dist) from the API process, so one server is the whole of Heron.

Hashed assets (`/assets/*`) never change under a name: they are cached for a year. index.html is
revalidated on every load so a deploy reaches browsers at once. Any other GET that is not an API
path gets index.html, and the client-side router draws the screen (or its own 404)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from starlette.convertors import Convertor, register_url_convertor

from heron.kit.errors import NotFound

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


class NotApiPath(Convertor[str]):
    """Any path except `/api` and below: the catch-all never even matches an API path, so the
    API keeps its own JSON 404 and 405 answers exactly as without the web app."""

    regex = r"(?!api(?:/|$)).*"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("not_api", NotApiPath())


def install_web_app(app: FastAPI, dist: Path) -> None:
    """Adds the catch-all route that serves `dist`; does nothing when the app is not built.
    Call it last: every other route must be tried first."""
    dist = dist.resolve()
    index = dist / "index.html"
    if not index.is_file():
        return

    @app.get("/{path:not_api}", include_in_schema=False)
    async def web_app(path: str) -> FileResponse:
        candidate = (dist / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(dist):
            cache = IMMUTABLE if path.startswith("assets/") else REVALIDATE
            return FileResponse(candidate, headers={"cache-control": cache})
        if path.startswith("assets/"):
            # A missing hashed asset belongs to an old build: a 404, not a page that is not JS.
            raise NotFound("No such asset.")
        return FileResponse(index, headers={"cache-control": REVALIDATE})

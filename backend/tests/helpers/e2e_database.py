"""A scratch PostgreSQL database for the web journeys (web/e2e/globalSetup.ts).

``python -m tests.helpers.e2e_database create`` makes a database on HERON_TEST_POSTGRES_URL's
server, migrates it as the superuser, grants the application's role, and prints one JSON line:
``{"name": ..., "url": <the application role's URL>}``. ``... drop NAME`` drops it. When the
server cannot be reached, ``create`` prints why on stderr and exits 3 (the journeys skip their
PostgreSQL run then, except in CI, where that is a failure).
"""

from __future__ import annotations

import json
import os
import sys
import uuid

from sqlalchemy.engine import make_url

from tests.conftest import _grant_app_role, app_role_url
from tests.helpers.databases import POSTGRES_URL, admin, migrate, postgres_problem

UNREACHABLE = 3


def create() -> int:
    problem = postgres_problem()
    if problem:
        print(f"PostgreSQL is not reachable at {POSTGRES_URL}: {problem}", file=sys.stderr)
        return UNREACHABLE
    base = make_url(POSTGRES_URL)
    name = f"{base.database}_e2e_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin(POSTGRES_URL, f'CREATE DATABASE "{name}"')
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        migrate(url)
        _grant_app_role(url)
    except BaseException:
        drop(name)
        raise
    print(json.dumps({"name": name, "url": app_role_url(url)}))
    return 0


def drop(name: str) -> int:
    base = make_url(POSTGRES_URL)
    if not name.startswith(f"{base.database}_e2e_"):
        print(f"refusing to drop {name!r}: not a journey database", file=sys.stderr)
        return 2
    admin(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["create"]:
        return create()
    if argv[:1] == ["drop"] and len(argv) == 2:
        return drop(argv[1])
    print("usage: python -m tests.helpers.e2e_database create | drop NAME", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

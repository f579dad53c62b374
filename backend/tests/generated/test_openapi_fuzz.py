"""schemathesis over the whole OpenAPI document (shared/SECURITY.md "fuzzing").

Every operation gets a small, derandomized budget of generated requests, valid and invalid, sent
as an Owner: no answer may be a 5xx, and every answer must use a documented status code, content
type and schema. A route added tomorrow is fuzzed the day it is added (one test per operation:
`test_api_answers_as_documented[POST /api/v1/teams]`); schemathesis prints a curl command that
reproduces each failure.

schemathesis drives the ASGI app synchronously from an event loop of its own, so this suite does
not use the rolled-back ``db`` fixture: it serves the app as ``heron serve`` would (its own
engine, the startup schema check) on a freshly migrated SQLite file holding committed seed data,
with rate limits out of the way and e-mail written to an outbox folder.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import Engine
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy.orm import Session

from heron.auth.secrets import create_access_token, hash_secret, new_secret
from heron.config import Environment, Settings
from heron.db import Database
from heron.kit.ids import uuid7
from heron.main import create_app
from heron.models import RefreshToken
from heron.models.base import utcnow
from heron.orgs.service import create_organization
from tests.generated.routes import collection_settings
from tests.helpers.databases import migrate
from tests.helpers.factories import create_user

# The schema is read when the module is collected (schemathesis makes one test per operation);
# the app gets its database, freshly migrated and seeded, when the first test runs.
APP = create_app(collection_settings())
OPENAPI = APP.openapi()
OPERATIONS = sum(
    method in {"get", "post", "put", "patch", "delete"}
    for item in OPENAPI["paths"].values()
    for method in item
)
# Generated requests for the whole run: the budget per operation shrinks as the API grows, so
# the suite stays under a minute.
TOTAL_EXAMPLES = 900
MAX_EXAMPLES = max(5, min(20, TOTAL_EXAMPLES // max(OPERATIONS, 1)))
UNLIMITED = "1000000/minute"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_dict(
    OPENAPI,
    config=schemathesis.Config.from_dict(
        {
            "generation": {
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                "database": "none",
            },
            # Boundary-value cases multiply the run time by five; the fuzzing phase (valid and
            # invalid data) stays within the budget.
            "phases": {"coverage": {"enabled": False}},
        }
    ),
)
schema.app = APP


@dataclass
class FuzzTarget:
    """The served app's settings, a second way into its database, and the Owner who calls."""

    settings: Settings
    engine: Engine  # synchronous, on the same file: schemathesis's event loop owns the app's
    owner_id: uuid.UUID
    org_id: uuid.UUID
    token: str = ""

    def headers(self) -> dict[str, str]:
        if not self.token:
            self.token = self._new_session()
        return {"Authorization": f"Bearer {self.token}"}

    def answered(self, status_code: int) -> None:
        """A fuzzed sign-out (of every device) ends the Owner's session: the next request gets
        a new one instead of fuzzing on as a stranger."""
        if status_code == 401:
            self.token = ""

    def _new_session(self) -> str:
        family = uuid7()
        with Session(self.engine) as session, session.begin():
            session.add(
                RefreshToken(
                    user_id=self.owner_id,
                    family_id=family,
                    token_hash=hash_secret(new_secret()),
                    org_id=self.org_id,
                    expires_at=utcnow() + timedelta(hours=1),
                )
            )
        token, _ = create_access_token(
            self.settings, user_id=self.owner_id, session_id=family, org_id=self.org_id
        )
        return token


def _fuzz_settings(var_dir: Path) -> Settings:
    return Settings(
        env=Environment.test,
        var_dir=var_dir,
        database_url=f"sqlite+aiosqlite:///{var_dir / 'fuzz.db'}",
        secret_key="fuzzing-secret-key-that-is-long-enough-0123456789",
        smtp_url=None,  # mail is written to var_dir/outbox
        log_level="WARNING",
        rate_limit_login_ip=UNLIMITED,
        rate_limit_login_account=UNLIMITED,
        rate_limit_register_ip=UNLIMITED,
        rate_limit_reset_ip=UNLIMITED,
        rate_limit_reset_account=UNLIMITED,
    )


async def _seed(settings: Settings) -> tuple[uuid.UUID, uuid.UUID]:
    """An organization and its Owner, committed."""
    database = Database.from_settings(settings)
    try:
        async with database.transaction() as tx:
            owner = await create_user(tx.session, full_name="Fuzzing Owner")
            org, _ = await create_organization(tx.session, owner, "Fuzzing Org")
            return owner.id, org.id
    finally:
        await database.dispose()


def _assert_signed_in(target: FuzzTarget) -> None:
    """Fuzzing as a stranger would pass while testing nothing but the 401 page."""
    with asgi.get_client(APP) as client:  # type: ignore[arg-type]
        response = client.get("/api/v1/org", headers=target.headers())
    assert response.status_code == 200, (
        f"The fuzzing Owner cannot use the API ({response.status_code} {response.text[:300]}); "
        "every fuzzed request would be a 401."
    )


@pytest.fixture(scope="module")
def fuzz_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FuzzTarget]:
    var_dir = tmp_path_factory.mktemp("fuzz")
    settings = _fuzz_settings(var_dir)
    migrate(settings.database)
    owner_id, org_id = asyncio.run(_seed(settings))
    APP.state.settings = settings
    APP.state.db = Database.from_settings(settings)
    engine = create_sync_engine(f"sqlite:///{var_dir / 'fuzz.db'}")
    target = FuzzTarget(settings, engine, owner_id, org_id)
    _assert_signed_in(target)
    yield target
    engine.dispose()


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_documented(case: schemathesis.Case[Any], fuzz_target: FuzzTarget) -> None:
    _short_live_streams(case)
    response = case.call_and_validate(headers=fuzz_target.headers(), checks=CHECKS)
    fuzz_target.answered(response.status_code)


# Streams that last as long as the client asks: the fuzzer asks for one second at most (a valid
# value it generated is lowered; invalid ones are sent as they are, and must be a 422).
LIVE_STREAMS = {"/api/v1/events/stream": "max_seconds"}


def _short_live_streams(case: schemathesis.Case[Any]) -> None:
    parameter = LIVE_STREAMS.get(case.path)
    if parameter is None:
        return
    case.query = dict(case.query or {})
    value = case.query.get(parameter)
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value > 1):
        case.query[parameter] = 1

"""Tenant isolation, generated from the route table (shared/SECURITY.md "tenant isolation").

Organization B has one of everything; organization A's Owner (and an Owner-role API key of A)
tries to reach it through every route: B's ids in the path are 404, B's ids in a body are 404 or
422, B's records never appear in A's lists, and `X-Heron-Org: <B>` is 403. Nothing is ever
written by a refused request. A route added tomorrow is in these tests the day it is added; if
one fails to build its request, the message says what to add to tests/generated/samples.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.roles.matrix import Role
from tests.generated.harness import Request, changes, error_code, snapshot
from tests.generated.routes import Route, all_routes, declared, params
from tests.generated.samples import Ctx, body_for, path_values
from tests.generated.world import OrgWorld, api_key_of, arrange_org, arrange_targets, secrets_of

pytestmark = pytest.mark.anyio

ROUTES = declared(all_routes())
CALLERS = ("owner", "api_key")


def _cases(routes: list[Route], variants: bool = False) -> list[object]:
    """(route, caller[, foreign path params]) parameters. API keys act for an organization, so
    routes about the signed-in person (SignedIn) refuse them by design and are left out."""
    cases: list[object] = []
    for route in routes:
        for caller in CALLERS:
            if caller == "api_key" and route.kind != "authorize":
                continue
            if not variants:
                cases.append(pytest.param(route, caller, id=f"{route.label}-{caller}"))
                continue
            # All ids of B, then (for nested paths) one id of B among A's: a team of A with a
            # user of B must not be reachable either.
            sets = [tuple(route.id_params)]
            if len(route.id_params) > 1:
                sets += [(p,) for p in route.id_params]
            for foreign in sets:
                label = f"{route.label}-{caller}-B:{','.join(foreign)}"
                cases.append(pytest.param(route, caller, foreign, id=label))
    return cases


WITH_IDS = [r for r in ROUTES if r.id_params]
LISTS = [r for r in ROUTES if r.method == "GET" and not r.path_params]
# Bodies of organization data; those of the person's own account (sign-in with an e-mail,
# switching organization) name no organization's records.
WRITES_WITH_BODY = [r for r in ROUTES if r.is_write and r.takes_body and r.kind == "authorize"]
ORG_SCOPED = [r for r in ROUTES if r.kind == "authorize"]


@dataclass
class Tenants:
    a: OrgWorld
    b: OrgWorld
    a_key: str  # an Owner-role API key of A
    b_secrets: set[str]  # every id, e-mail and name of B

    @property
    def a_ctx(self) -> Ctx:
        assert self.a.targets is not None
        return Ctx(self.a, self.a.targets)

    @property
    def b_ctx(self) -> Ctx:
        assert self.b.targets is not None
        return Ctx(self.b, self.b.targets)

    def headers(self, caller: str) -> dict[str, str]:
        if caller == "owner":
            return self.a.owner.headers
        return {"Authorization": f"Bearer {self.a_key}"}

    def leaks(self, text: str, sent: str = "") -> list[str]:
        """B's ids, e-mails and names in ``text``, except those the request itself sent (an
        error message may quote what it was given)."""
        return sorted(s for s in self.b_secrets if s in text and s not in sent)


@pytest.fixture
async def tenants(session: AsyncSession, settings: Settings) -> Tenants:
    a = await arrange_org(session, settings)
    await arrange_targets(session, settings, a, a.owner)
    b = await arrange_org(session, settings)
    await arrange_targets(session, settings, b, b.owner)
    key = await api_key_of(session, a.org, a.owner, Role.owner)
    return Tenants(a=a, b=b, a_key=key, b_secrets=await secrets_of(session, b))


def _refusal(request: Request, response: httpx.Response, expected: str) -> str:
    return (
        f"{request.route.label}: organization A reached organization B's record. Expected "
        f"{expected}; got:\n  {request.describe(response)}\nA repository must start every query "
        "from a statement filtered by subject.org_id (shared/STYLE.md, 'Tenancy inside the "
        "query'; docs/architecture.md, 'Tenancy'): a row of another organization is simply not "
        "found."
    )


class TestForeignIdsInPaths:
    @pytest.mark.parametrize(("route", "caller", "foreign"), _cases(WITH_IDS, variants=True))
    async def test_are_not_found_and_write_nothing(
        self,
        route: Route,
        caller: str,
        foreign: tuple[str, ...],
        tenants: Tenants,
        client: httpx.AsyncClient,
        session: AsyncSession,
    ) -> None:
        b_values = path_values(route, tenants.b_ctx)
        request = Request.build(route, tenants.a_ctx, paths={p: b_values[p] for p in foreign})
        before = await snapshot(session)

        # If-Match carries B's real version, so a leak could not hide behind a 412.
        response = await request.send(
            client, tenants.headers(caller), etag_headers=tenants.b.owner.headers
        )

        assert response.status_code == 404, _refusal(request, response, "404 not_found")
        assert error_code(response) == "not_found", request.describe(response)
        assert tenants.leaks(response.text, request.sent) == [], request.describe(response)
        diff = changes(before, await snapshot(session))
        assert not diff, f"{request.describe(response)}\nwas refused but wrote:\n{diff}"

    @pytest.mark.parametrize("route", params(WITH_IDS))
    async def test_the_same_request_works_for_their_own_organization(
        self, route: Route, tenants: Tenants, client: httpx.AsyncClient
    ) -> None:
        """The control of the test above: B's Owner gets through with B's ids, so its 404 comes
        from tenancy and not from a sample that cannot work."""
        request = Request.build(route, tenants.b_ctx)
        response = await request.send(client, tenants.b.owner.headers)

        assert response.status_code < 400, (
            f"{route.label}: the sample request fails for the records' own Owner, so the tenant "
            f"test above proves nothing. Fix its sample in tests/generated/samples.py (BODIES or "
            f"PATH_VALUES).\n  {request.describe(response)}"
        )


class TestForeignIdsInBodies:
    @pytest.mark.parametrize(("route", "caller"), _cases(WRITES_WITH_BODY))
    async def test_are_refused_and_write_nothing(
        self,
        route: Route,
        caller: str,
        tenants: Tenants,
        client: httpx.AsyncClient,
        session: AsyncSession,
    ) -> None:
        _, b_body = body_for(route, tenants.b_ctx)
        if not tenants.leaks(json.dumps(b_body, default=repr)):
            pytest.skip("this route's sample body names no record")
        request = Request.build(route, tenants.a_ctx, body_ctx=tenants.b_ctx)
        before = await snapshot(session)

        # The ETag is read as A's Owner: a read with A's API key would stamp the key's
        # last use, a write of its own that is not the refused request's.
        response = await request.send(
            client, tenants.headers(caller), etag_headers=tenants.headers("owner")
        )

        assert response.status_code in {404, 422}, (
            f"{route.label}: a body naming organization B's records was accepted by A's caller. "
            "A foreign id in a body is a 422 (ValidationFailed.field(('body', '<field>'), ...)) "
            f"that writes nothing.\n  {request.describe(response)}"
        )
        assert tenants.leaks(response.text, request.sent) == [], request.describe(response)
        diff = changes(before, await snapshot(session))
        assert not diff, f"{request.describe(response)}\nwas refused but wrote:\n{diff}"


class TestLists:
    @pytest.mark.parametrize(("route", "caller"), _cases(LISTS))
    async def test_show_nothing_of_another_organization(
        self, route: Route, caller: str, tenants: Tenants, client: httpx.AsyncClient
    ) -> None:
        request = Request.build(route, tenants.a_ctx)

        response = await request.send(client, tenants.headers(caller))

        assert response.status_code < 400, request.describe(response)
        assert tenants.leaks(response.text) == [], (
            f"{route.label}: organization A's answer contains organization B's data "
            f"{tenants.leaks(response.text)}:\n  {request.describe(response)}"
        )


class TestForeignOrganizationHeader:
    @pytest.mark.parametrize(("route", "caller"), _cases(ORG_SCOPED))
    async def test_is_refused_and_writes_nothing(
        self,
        route: Route,
        caller: str,
        tenants: Tenants,
        client: httpx.AsyncClient,
        session: AsyncSession,
    ) -> None:
        request = Request.build(route, tenants.a_ctx)
        headers = {**tenants.headers(caller), "X-Heron-Org": str(tenants.b.org.id)}
        before = await snapshot(session)

        response = await request.send(client, headers, etag_headers=tenants.a.owner.headers)

        assert response.status_code == 403, (
            f"{route.label}: X-Heron-Org naming an organization the caller does not belong to "
            f"must be 403.\n  {request.describe(response)}"
        )
        assert error_code(response) == "permission_denied"
        assert tenants.leaks(response.text, request.sent) == [], request.describe(response)
        diff = changes(before, await snapshot(session))
        assert not diff, f"{request.describe(response)}\nwas refused but wrote:\n{diff}"

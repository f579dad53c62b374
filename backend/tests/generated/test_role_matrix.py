"""The role matrix, generated from the route table (shared/SECURITY.md "role matrix").

Every /api/v1 route declares exactly one access dependency (deny by default) and runs in
Heron's route class. Then, for each route and each role, a member with that role calls the route
on records of their own (a team they manage, an invitation they sent, a key they made): the
answer is 403 `permission_denied`, with nothing written, exactly when heron/roles/matrix.py gives
the role the scope `none`; otherwise the call succeeds. SignedIn and Public routes refuse no role.
"""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Authorize
from heron.config import Settings
from heron.kit.routing import HeronRoute
from heron.roles.matrix import MATRIX, Action, Role, Scope, scope_for
from tests.generated.harness import Request, changes, error_code, snapshot
from tests.generated.routes import (
    Route,
    all_routes,
    declaration_problem,
    declared,
    describe,
    params,
    threaded_calls,
)
from tests.generated.samples import Ctx, stale_samples
from tests.generated.world import arrange_org, arrange_targets

pytestmark = pytest.mark.anyio

ROUTES = declared(all_routes())

# Routes whose declared action is not the one their method implies (see
# test_declared_action_fits_the_method). Each needs a reason a reviewer can check.
ACTION_EXCEPTIONS: dict[str, tuple[Action, str]] = {
    "POST /api/v1/members/leave": (
        Action.read,
        "every member may leave; the service holds back the last Owner",
    ),
    "DELETE /api/v1/teams/{team_id}/members/{user_id}": (
        Action.update,
        "taking someone off a team is a change to the team, as adding them is",
    ),
}

# (route, role) -> (expected status, why): pairs refused or failing for a business reason
# although the matrix gives the role a scope (e.g. a 403 for granting above one's own rank).
# Keep it short, say why for each, and prefer a sample that works for every allowed role.
EXCEPTIONS: dict[tuple[str, Role], tuple[int, str]] = {
    # A merge changes the survivor (the route's Action.update) and sends the other record to
    # the trash, which needs delete scope too: Support may change contacts and companies but
    # never delete them.
    ("POST /api/v1/companies/{company_id}/merge", Role.support): (
        403,
        "merging deletes the other company; Support may not delete companies",
    ),
    ("POST /api/v1/contacts/{contact_id}/merge", Role.support): (
        403,
        "merging deletes the other contact; Support may not delete contacts",
    ),
}


class TestRouteTable:
    @pytest.mark.parametrize("route", params(list(all_routes())))
    def test_route_declares_exactly_one_access_dependency(self, route: Route) -> None:
        assert len(route.declarations) == 1, declaration_problem(route, route.declarations)

    @pytest.mark.parametrize("route", params(list(all_routes())))
    def test_route_runs_in_one_transaction(self, route: Route) -> None:
        assert isinstance(route.original, HeronRoute), (
            f"{route.label} is a plain {type(route.original).__name__}: make its router with "
            "heron.kit.routing.domain_router(prefix, tag), so the request runs in one "
            "transaction committed by the framework."
        )

    @pytest.mark.parametrize("route", params(list(all_routes())))
    def test_route_runs_in_the_event_loop(self, route: Route) -> None:
        """FastAPI hands a plain-function endpoint or dependency to a worker thread on every
        request (measured: a third of a millisecond of CPU a request, docs/performance.md)."""
        threaded = threaded_calls(route.dependant)
        assert not threaded, (
            f"{route.label} runs {', '.join(threaded)} in a worker thread: declare it "
            "`async def` (it does no blocking work), or, if it blocks, make it a coroutine "
            "that awaits the blocking part in a thread itself."
        )

    @pytest.mark.parametrize("route", params([r for r in ROUTES if r.kind == "authorize"]))
    def test_authorized_resource_is_in_the_matrix(self, route: Route) -> None:
        access = route.access
        assert access.resource in MATRIX and access.action in MATRIX[access.resource], (
            f"{route.label} declares {describe(access)}, which heron/roles/matrix.py does not "
            "list, so every role is refused. Add the resource and action to MATRIX."
        )

    @pytest.mark.parametrize("route", params([r for r in ROUTES if r.kind == "authorize"]))
    def test_declared_action_fits_the_method(self, route: Route) -> None:
        """A DELETE declared with Action.read would let every reader delete: the matrix is only
        as good as the action each route names."""
        declared_action = route.access.action
        exception = ACTION_EXCEPTIONS.get(route.label)
        expected = exception[0] if exception else _action_of(route)
        assert declared_action is expected, (
            f"{route.label} declares {describe(route.access)}; a {route.method} here is "
            f"Action.{expected.value}. Declare that, or (if the route really is another kind "
            "of action) add it with a reason to ACTION_EXCEPTIONS in "
            "tests/generated/test_role_matrix.py."
        )

    def test_samples_name_existing_routes(self) -> None:
        assert stale_samples(list(all_routes())) == [], (
            "tests/generated/samples.py has samples for routes that do not exist (or take no "
            "body); rename or remove them."
        )


def _action_of(route: Route) -> Action:
    """GET reads, PATCH/PUT update, DELETE deletes; POST creates on a collection and updates
    when it is an action on a record (`POST /invitations/{invitation_id}/resend`). The shared
    record routes (heron/records/routes.py) add two rules: restoring from the trash undoes a
    delete, so it takes the right to delete; a bulk action changes existing records. Taking
    data out as a file (heron/exports/: `.../export`, `.../vcard`) is Action.export, whatever
    the method."""
    if route.path.endswith(("/export", "/vcard")):
        return Action.export
    if route.method == "POST" and route.path.endswith("/restore"):
        return Action.delete
    if route.method == "POST" and route.path.endswith("/bulk"):
        return Action.update
    if route.method == "GET":
        return Action.read
    if route.method == "DELETE":
        return Action.delete
    if route.method in {"PATCH", "PUT"} or route.id_params:
        return Action.update
    return Action.create


def _cases() -> list[object]:
    return [
        pytest.param(route, role, id=f"{route.label}-{role.value}")
        for route in ROUTES
        for role in Role
    ]


def _expected_scope(route: Route, role: Role) -> Scope | None:
    """The matrix scope of ``role`` for an Authorize route; None for SignedIn/Public ones."""
    access = route.access
    if not isinstance(access, Authorize):
        return None
    return scope_for(role, access.resource, access.action)


class TestRoles:
    @pytest.mark.parametrize(("route", "role"), _cases())
    async def test_route_refuses_exactly_the_roles_without_scope(
        self,
        route: Route,
        role: Role,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
    ) -> None:
        world = await arrange_org(session, settings, roles=(role,))
        caller = world.member(role)
        targets = await arrange_targets(session, settings, world, caller)
        request = Request.build(route, Ctx(world, targets))
        scope = _expected_scope(route, role)
        before = await snapshot(session) if scope is Scope.none else None

        # If-Match: the version the Owner reads, so that a role that may not read is refused on
        # the write itself; a person's own records (SignedIn routes) are read by the caller.
        reader = caller.headers if scope is None else world.owner.headers
        response = await request.send(client, caller.headers, etag_headers=reader)

        shown = request.describe(response)
        exception = EXCEPTIONS.get((route.label, role))
        if exception is not None:
            assert response.status_code == exception[0], f"{exception[1]}\n  {shown}"
        elif scope is Scope.none:
            assert response.status_code == 403, (
                f"{route.label}: the matrix gives {role.value} no right to "
                f"{describe(route.access)}, but the call was not refused:\n  {shown}"
            )
            assert error_code(response) == "permission_denied", shown
        else:
            _assert_allowed(route, role, scope, shown, response.status_code)
        if before is not None:
            diff = changes(before, await snapshot(session))
            assert not diff, f"{shown}\nwas refused but wrote:\n{diff}"


def _assert_allowed(route: Route, role: Role, scope: Scope | None, shown: str, status: int) -> None:
    granted = f"scope {scope.name}" if scope is not None else f"a {route.kind} route"
    assert status != 403, (
        f"{route.label}: {role.value} has {granted} here, yet was refused:\n  {shown}\n"
        "If the service refuses this case on purpose, choose a sample in "
        "tests/generated/samples.py that every allowed role may send (or, if none can be, add "
        "a commented entry to EXCEPTIONS in tests/generated/test_role_matrix.py)."
    )
    assert status < 500, shown
    if scope is not None:  # SignedIn and Public routes only promise not to refuse a role
        assert status < 400, (
            f"{route.label}: {role.value} may do this ({granted}), but the sample request "
            f"failed, so this test proves little:\n  {shown}\nFix the sample in "
            "tests/generated/samples.py (or add a commented entry to EXCEPTIONS in "
            "tests/generated/test_role_matrix.py for a deliberate business rule)."
        )


class TestRolesEndpoint:
    @pytest.mark.parametrize("role", list(Role))
    async def test_serves_exactly_the_matrix(
        self, role: Role, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await arrange_org(session, settings, roles=(role,))

        response = await client.get("/api/v1/roles", headers=world.member(role).headers)

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert data["your_role"] == role.value
        assert [r["name"] for r in data["roles"]] == [r.value for r in Role]
        served = {r["name"]: r["permissions"] for r in data["roles"]}
        expected = {
            each.value: {
                resource: {
                    action.value: scope_for(each, resource, action).name for action in actions
                }
                for resource, actions in MATRIX.items()
            }
            for each in Role
        }
        assert served == expected

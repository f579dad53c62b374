"""The role matrix: resource x action -> scope, for every role. Deny by default.

``own``: records the caller owns (or created); ``team``: those of the caller and the members of the
teams the caller manages; ``all``: the whole organization; ``none``: refused with 403.
Read scope is applied inside repository queries; write scope is asserted in services.
The matrix is served at ``GET /api/v1/roles`` so the web app hides what a role cannot do.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from functools import cache


class Role(StrEnum):
    owner = "owner"
    admin = "admin"
    manager = "manager"
    sales = "sales"
    support = "support"
    viewer = "viewer"


ROLE_RANK = {
    Role.viewer: 0,
    Role.support: 1,
    Role.sales: 1,
    Role.manager: 2,
    Role.admin: 3,
    Role.owner: 4,
}


class Scope(IntEnum):
    none = 0
    own = 1
    team = 2
    all = 3


class Action(StrEnum):
    read = "read"
    create = "create"
    update = "update"
    delete = "delete"
    # Taking data out: a list or saved view as CSV/XLSX/vCard, the organization's whole data.
    export = "export"


NONE, OWN, TEAM, ALL = Scope.none, Scope.own, Scope.team, Scope.all

# resource -> action -> role -> scope. Roles absent from a row get Scope.none.
_R, _C, _U, _D, _X = Action.read, Action.create, Action.update, Action.delete, Action.export
_OW, _AD, _MA, _SA, _SU, _VI = (
    Role.owner,
    Role.admin,
    Role.manager,
    Role.sales,
    Role.support,
    Role.viewer,
)


def _row(
    owner: Scope, admin: Scope, manager: Scope, sales: Scope, support: Scope, viewer: Scope
) -> dict[Role, Scope]:
    return {_OW: owner, _AD: admin, _MA: manager, _SA: sales, _SU: support, _VI: viewer}


MATRIX: dict[str, dict[Action, dict[Role, Scope]]] = {
    # The organization itself: its name and settings.
    "organization": {
        _R: _row(ALL, ALL, ALL, ALL, ALL, ALL),
        _U: _row(ALL, ALL, NONE, NONE, NONE, NONE),
        _D: _row(ALL, NONE, NONE, NONE, NONE, NONE),
        # The whole organization's data in one archive: the Owner's, whose data it is.
        _X: _row(ALL, NONE, NONE, NONE, NONE, NONE),
    },
    "member": {
        _R: _row(ALL, ALL, ALL, ALL, ALL, ALL),
        _U: _row(ALL, ALL, NONE, NONE, NONE, NONE),
        _D: _row(ALL, ALL, NONE, NONE, NONE, NONE),
    },
    "invitation": {
        _R: _row(ALL, ALL, ALL, NONE, NONE, NONE),
        _C: _row(ALL, ALL, ALL, NONE, NONE, NONE),
        _U: _row(ALL, ALL, OWN, NONE, NONE, NONE),
        _D: _row(ALL, ALL, OWN, NONE, NONE, NONE),
    },
    "team": {
        _R: _row(ALL, ALL, ALL, ALL, ALL, ALL),
        _C: _row(ALL, ALL, NONE, NONE, NONE, NONE),
        # Managers edit the teams they manage (scope "team").
        _U: _row(ALL, ALL, TEAM, NONE, NONE, NONE),
        _D: _row(ALL, ALL, NONE, NONE, NONE, NONE),
    },
    "api_key": {
        _R: _row(ALL, ALL, OWN, OWN, OWN, NONE),
        _C: _row(ALL, ALL, OWN, OWN, OWN, NONE),
        _D: _row(ALL, ALL, OWN, OWN, OWN, NONE),
    },
    "role": {
        _R: _row(ALL, ALL, ALL, ALL, ALL, ALL),
    },
    "audit": {
        _R: _row(ALL, ALL, NONE, NONE, NONE, NONE),
    },
    # Sales records. Companies and contacts are shared accounts: everyone reads them, and each
    # changes what they own (Managers: their team's). Leads and deals are pipelines of work:
    # Sales see their own, Managers their team's. "Own" is the record's owner.
    # Export: what the list shows, as a file. Viewers read but take nothing out; an export
    # holds the rows within both the read and the export scope.
    "company": {
        _R: _row(ALL, ALL, ALL, ALL, ALL, ALL),
        _C: _row(ALL, ALL, ALL, ALL, ALL, NONE),
        _U: _row(ALL, ALL, TEAM, OWN, OWN, NONE),
        _D: _row(ALL, ALL, TEAM, OWN, NONE, NONE),
        _X: _row(ALL, ALL, ALL, ALL, ALL, NONE),
    },
    "contact": {
        _R: _row(ALL, ALL, ALL, ALL, ALL, ALL),
        _C: _row(ALL, ALL, ALL, ALL, ALL, NONE),
        _U: _row(ALL, ALL, TEAM, OWN, OWN, NONE),
        _D: _row(ALL, ALL, TEAM, OWN, NONE, NONE),
        _X: _row(ALL, ALL, ALL, ALL, ALL, NONE),
    },
    "lead": {
        _R: _row(ALL, ALL, TEAM, OWN, NONE, ALL),
        _C: _row(ALL, ALL, ALL, ALL, NONE, NONE),
        _U: _row(ALL, ALL, TEAM, OWN, NONE, NONE),
        _D: _row(ALL, ALL, TEAM, OWN, NONE, NONE),
        _X: _row(ALL, ALL, TEAM, OWN, NONE, NONE),
    },
    "deal": {
        _R: _row(ALL, ALL, TEAM, OWN, NONE, ALL),
        _C: _row(ALL, ALL, ALL, ALL, NONE, NONE),
        _U: _row(ALL, ALL, TEAM, OWN, NONE, NONE),
        _D: _row(ALL, ALL, TEAM, OWN, NONE, NONE),
        _X: _row(ALL, ALL, TEAM, OWN, NONE, NONE),
    },
    # Activities: "own" is what the caller owns or is assigned.
    "activity": {
        _R: _row(ALL, ALL, TEAM, OWN, OWN, ALL),
        _C: _row(ALL, ALL, ALL, ALL, ALL, NONE),
        _U: _row(ALL, ALL, TEAM, OWN, OWN, NONE),
        _D: _row(ALL, ALL, TEAM, OWN, OWN, NONE),
    },
    # The shape of the workspace: pipelines and stages, custom fields, tags.
    "pipeline": {
        _R: _row(ALL, ALL, ALL, ALL, ALL, ALL),
        _C: _row(ALL, ALL, NONE, NONE, NONE, NONE),
        _U: _row(ALL, ALL, NONE, NONE, NONE, NONE),
        _D: _row(ALL, ALL, NONE, NONE, NONE, NONE),
    },
    "custom_field": {
        _R: _row(ALL, ALL, ALL, ALL, ALL, ALL),
        _C: _row(ALL, ALL, NONE, NONE, NONE, NONE),
        _U: _row(ALL, ALL, NONE, NONE, NONE, NONE),
        _D: _row(ALL, ALL, NONE, NONE, NONE, NONE),
    },
    "tag": {
        _R: _row(ALL, ALL, ALL, ALL, ALL, ALL),
        _C: _row(ALL, ALL, ALL, ALL, ALL, NONE),
        _U: _row(ALL, ALL, ALL, NONE, NONE, NONE),
        _D: _row(ALL, ALL, ALL, NONE, NONE, NONE),
    },
    # Saved views: everyone reads the shared ones and their own; "own" edits one's own views.
    "view": {
        _R: _row(ALL, ALL, ALL, ALL, ALL, ALL),
        _C: _row(ALL, ALL, ALL, ALL, ALL, ALL),
        _U: _row(ALL, ALL, OWN, OWN, OWN, OWN),
        _D: _row(ALL, ALL, OWN, OWN, OWN, OWN),
    },
    # Across kinds; each kind still shows only what the caller may read of it.
    "search": {
        _R: _row(ALL, ALL, ALL, ALL, ALL, ALL),
    },
    # Each person's private calendar feed (.ics URL): everyone manages their own.
    "calendar_feed": {
        _R: _row(OWN, OWN, OWN, OWN, OWN, OWN),
        _C: _row(OWN, OWN, OWN, OWN, OWN, OWN),
        _D: _row(OWN, OWN, OWN, OWN, OWN, OWN),
    },
    # Background jobs (imports, exports): each person sees the jobs they started; Owners and
    # Admins see every one. Jobs are started by the routes of their own domain.
    "job": {
        _R: _row(ALL, ALL, OWN, OWN, OWN, OWN),
        # Cancelling one (POST /jobs/{id}/cancel).
        _U: _row(ALL, ALL, OWN, OWN, OWN, OWN),
    },
    # Imports of contacts, companies and leads from files: the people who add records in
    # numbers (Support and Viewers do not). Each sees and runs the imports they started,
    # Managers their team's; every row is still checked against the role's scope on the kind.
    "import": {
        _R: _row(ALL, ALL, TEAM, OWN, NONE, NONE),
        _C: _row(ALL, ALL, ALL, ALL, NONE, NONE),
        _U: _row(ALL, ALL, TEAM, OWN, NONE, NONE),
    },
    # The live stream (GET /events/stream): everyone may listen; each message is sent only to
    # those who may see what it is about (heron/live/stream.py).
    "live": {
        _R: _row(ALL, ALL, ALL, ALL, ALL, ALL),
    },
    # Deleted records: those the caller could have deleted.
    "trash": {
        _R: _row(ALL, ALL, TEAM, OWN, OWN, NONE),
    },
}


def scope_for(role: str, resource: str, action: Action | str) -> Scope:
    """The scope ``role`` has for ``action`` on ``resource``; none when the matrix is silent."""
    try:
        return MATRIX[resource][Action(action)][Role(role)]
    except (KeyError, ValueError):
        return Scope.none


@cache  # asked on every request; the matrix never changes
def has_team_scope(role: str) -> bool:
    """Whether ``role`` has scope "team" anywhere (its team must then be known)."""
    return any(
        by_role.get(Role(role)) is Scope.team
        for actions in MATRIX.values()
        for by_role in actions.values()
    )


def can_grant(granter: str, role: str) -> bool:
    """A role may hand out its own role and those ranked strictly below it (so Sales cannot
    grant Support, a different role of the same rank); only an Owner makes Owners."""
    if Role(role) is Role.owner:
        return Role(granter) is Role.owner
    return Role(granter) is Role(role) or ROLE_RANK[Role(granter)] > ROLE_RANK[Role(role)]

"""The role matrix, so clients can hide what a role cannot do."""

from __future__ import annotations

from fastapi import Depends

from heron.auth.access import Access, Authorize
from heron.kit.envelope import Envelope
from heron.kit.routing import domain_router
from heron.roles.matrix import MATRIX, Action, Role, scope_for
from heron.roles.schemas import RoleMatrix, RoleOut

router = domain_router("/roles", "roles")

RoleRead = Authorize("role", Action.read)

DESCRIPTIONS = {
    Role.owner: "Everything, including deleting the organization and making other Owners.",
    Role.admin: "Manages the organization, members, teams and all records.",
    Role.manager: "Sees all records; edits those of the teams they manage.",
    Role.sales: "Works on their own records and sees the organization's.",
    Role.support: "Works on service records and sees the organization's sales records.",
    Role.viewer: "Reads; changes nothing.",
}


@router.get("", response_model=Envelope[RoleMatrix])
async def list_roles(access: Access = Depends(RoleRead)) -> Envelope[RoleMatrix]:
    """Every role with its scope (`none`, `own`, `team`, `all`) for each resource and action,
    and the caller's own role."""
    roles = [
        RoleOut(
            name=role.value,
            description=DESCRIPTIONS[role],
            permissions={
                resource: {
                    action.value: scope_for(role, resource, action).name for action in actions
                }
                for resource, actions in MATRIX.items()
            },
        )
        for role in Role
    ]
    return Envelope[RoleMatrix](
        data=RoleMatrix(
            roles=roles, your_role=access.subject.role, actions=[a.value for a in Action]
        )
    )

"""Who may hand out which role: the refusal members (role changes) and invitations share."""

from __future__ import annotations

from typing import Literal

from heron.kit.errors import PermissionDenied
from heron.roles.matrix import Role, can_grant

# How each way of handing out a role is worded: (making an Owner, giving another role).
_WORDING = {
    "grant": ("make someone an Owner", "grant the role {role}"),
    "invite": ("invite an Owner", "invite someone as {role}"),
}


def assert_may_grant(granter: str, role: str, how: Literal["grant", "invite"]) -> None:
    """403 unless ``granter`` may hand out ``role`` (see ``can_grant``)."""
    if can_grant(granter, role):
        return
    owner, other = _WORDING[how]
    if Role(role) is Role.owner:
        raise PermissionDenied(f"Only an Owner can {owner}.")
    raise PermissionDenied(
        f"Your role ({granter}) cannot {other.format(role=Role(role).value)}, which is above yours."
    )

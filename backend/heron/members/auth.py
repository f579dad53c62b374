"""Who may see and manage the organization's members."""

from __future__ import annotations

from heron.auth.access import Authorize
from heron.roles.matrix import Action

MemberRead = Authorize("member", Action.read)
MemberEdit = Authorize("member", Action.update)
MemberRemove = Authorize("member", Action.delete)
# Any member may leave; the last Owner is held back by the service.
MemberLeave = Authorize("member", Action.read)

"""Who may read and change the organization."""

from __future__ import annotations

from heron.auth.access import Authorize, SignedIn
from heron.roles.matrix import Action

OrganizationRead = Authorize("organization", Action.read)
OrganizationEdit = Authorize("organization", Action.update)
# Any signed-in person may start another organization; they become its Owner.
OrganizationCreator = SignedIn()

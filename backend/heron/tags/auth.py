"""Who may see and manage tags (everyone reads them; Viewers cannot make them; only Owners,
Admins and Managers rename or delete them, since that changes every record that carries one)."""

from __future__ import annotations

from heron.auth.access import Authorize
from heron.roles.matrix import Action

TagRead = Authorize("tag", Action.read)
TagCreator = Authorize("tag", Action.create)
TagEdit = Authorize("tag", Action.update)
TagRemove = Authorize("tag", Action.delete)

"""Who may use saved views (heron/roles/matrix.py, resource "view")."""

from __future__ import annotations

from heron.auth.access import Authorize
from heron.roles.matrix import Action

ViewRead = Authorize("view", Action.read)
ViewCreator = Authorize("view", Action.create)
ViewEdit = Authorize("view", Action.update)
ViewRemove = Authorize("view", Action.delete)

"""Who may see the trash (heron/roles/matrix.py, resource "trash")."""

from __future__ import annotations

from heron.auth.access import Authorize
from heron.roles.matrix import Action

TrashRead = Authorize("trash", Action.read)

"""Who may see and manage teams."""

from __future__ import annotations

from heron.auth.access import Authorize
from heron.roles.matrix import Action

TeamRead = Authorize("team", Action.read)
TeamCreator = Authorize("team", Action.create)
# Managers hold scope "team" here: only the teams they manage (checked in the service).
TeamEdit = Authorize("team", Action.update)
TeamRemove = Authorize("team", Action.delete)

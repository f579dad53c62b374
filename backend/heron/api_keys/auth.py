"""Access dependencies of API keys (resource ``api_key`` of the role matrix)."""

from __future__ import annotations

from heron.auth.access import Authorize
from heron.roles.matrix import Action

ReadApiKeys = Authorize("api_key", Action.read)
CreateApiKeys = Authorize("api_key", Action.create)
RevokeApiKeys = Authorize("api_key", Action.delete)

"""Who may search (everyone; each kind still shows only what the caller may read)."""

from __future__ import annotations

from heron.auth.access import Authorize
from heron.roles.matrix import Action

SearchRead = Authorize("search", Action.read)

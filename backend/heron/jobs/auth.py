"""Who may see jobs: the person who started one, and Owners and Admins all of them."""

from __future__ import annotations

from heron.auth.access import Authorize
from heron.roles.matrix import Action

JobRead = Authorize("job", Action.read)
JobCancel = Authorize("job", Action.update)

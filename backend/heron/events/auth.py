from heron.auth.access import Authorize
from heron.roles.matrix import Action

AuditRead = Authorize("audit", Action.read)

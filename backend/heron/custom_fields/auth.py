"""Who may see and shape custom fields: everyone reads them (forms need them); Owners and
Admins make, change and delete them, since that changes every record of a kind."""

from __future__ import annotations

from heron.auth.access import Authorize
from heron.roles.matrix import Action

CustomFieldRead = Authorize("custom_field", Action.read)
CustomFieldCreator = Authorize("custom_field", Action.create)
CustomFieldEdit = Authorize("custom_field", Action.update)
CustomFieldRemove = Authorize("custom_field", Action.delete)

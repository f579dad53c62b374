"""What the member endpoints take and give."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import ConfigDict

from heron.kit.schemas import Input, Schema, Version
from heron.roles.matrix import Role


class PersonOut(Schema):
    """A person as other records show them (a team's manager, an invitation's sender)."""

    user_id: uuid.UUID
    full_name: str
    email: str


class MemberOut(Schema):
    user_id: uuid.UUID
    email: str
    full_name: str
    role: Role
    joined_at: datetime
    teams: list[uuid.UUID]
    version: Version


class MemberUpdate(Input):
    model_config = ConfigDict(
        **Input.model_config, json_schema_extra={"examples": [{"role": "manager"}]}
    )

    role: Role

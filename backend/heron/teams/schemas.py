"""What the team endpoints take and give."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from heron.kit.schemas import Input, Schema, Version, not_nullable, refuse_null, with_examples
from heron.members.schemas import PersonOut
from heron.roles.matrix import Role

MAX_MEMBERS_AT_ONCE = 200

TeamName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Description = Annotated[str, StringConstraints(max_length=1000)]


class TeamCreate(Input):
    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra={
            "examples": [
                {
                    "name": "Enterprise sales",
                    "description": "Accounts above 500 employees in EMEA.",
                    "manager_id": "0192f0c4-7a10-7d55-8e21-3c9b5a7d1e01",
                    "member_ids": [
                        "0192f0c4-7a10-7d55-8e21-3c9b5a7d1e02",
                        "0192f0c4-7a10-7d55-8e21-3c9b5a7d1e03",
                    ],
                }
            ]
        },
    )

    name: TeamName
    description: Description | None = None
    manager_id: uuid.UUID | None = Field(default=None, description="A member of the organization.")
    member_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=MAX_MEMBERS_AT_ONCE,
        description=f"Members of the organization, at most {MAX_MEMBERS_AT_ONCE}.",
    )


class TeamUpdate(Input):
    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra=with_examples(
            {"name": "Enterprise sales EMEA"},
            {"manager_id": "0192f0c4-7a10-7d55-8e21-3c9b5a7d1e02"},
            {"description": None, "manager_id": None},
            then=not_nullable("name"),
        ),
    )

    name: TeamName | None = None
    description: Description | None = None
    manager_id: uuid.UUID | None = Field(
        default=None, description="A member of the organization; null for no manager."
    )

    _required = refuse_null("name")


class TeamOut(Schema):
    id: uuid.UUID
    name: str
    description: str | None
    manager: PersonOut | None
    member_count: int
    version: Version
    created_at: datetime
    updated_at: datetime


class TeamMemberOut(Schema):
    user_id: uuid.UUID
    full_name: str
    email: str
    role: Role


class TeamDetail(TeamOut):
    members: list[TeamMemberOut]

from __future__ import annotations

from typing import Literal

from heron.kit.schemas import Schema

ScopeName = Literal["none", "own", "team", "all"]


class RoleOut(Schema):
    name: str
    description: str
    permissions: dict[str, dict[str, ScopeName]]


class RoleMatrix(Schema):
    roles: list[RoleOut]
    your_role: str
    actions: list[str]

"""Who is calling: the authenticated subject every service and repository is given."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum


class ActorType(StrEnum):
    user = "user"
    api_key = "api_key"
    system = "system"


@dataclass(frozen=True)
class Subject:
    """An authenticated caller acting inside one organization with one role."""

    actor_type: ActorType
    org_id: uuid.UUID
    role: str
    user_id: uuid.UUID | None = None
    api_key_id: uuid.UUID | None = None
    session_id: uuid.UUID | None = None
    # For an API key: the member who made it. The key acts with their "own" and "team" records.
    key_creator_id: uuid.UUID | None = None
    # Users in the teams this user manages (for "team" visibility), the user included.
    team_user_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    # A fingerprint of the organization's custom fields, read with the caller (None: unknown);
    # it lets their definitions come from a cache (heron.custom_fields.cache).
    custom_fields_stamp: str | None = None
    # The transaction already works in this organization for this person (row-level security
    # settings made while authenticating), with the teams they manage known.
    entered: bool = False

    @property
    def actor_id(self) -> uuid.UUID | None:
        return self.user_id if self.actor_type is ActorType.user else self.api_key_id

    @property
    def person_id(self) -> uuid.UUID | None:
        """The person whose records are "own": the user, or the creator of the API key."""
        return self.user_id if self.actor_type is ActorType.user else self.key_creator_id

    @property
    def visibility(self) -> tuple[object, ...]:
        """What a statement built for this caller holds of them (their organization, and the
        role and people that decide which records they see): the key under which such a
        statement is built once and shared by every request of a caller alike
        (``heron.kit.memo``)."""
        return (self.org_id, self.role, self.person_id, self.team_user_ids)

    @property
    def idempotency_scope(self) -> str:
        if self.actor_type is ActorType.api_key:
            return f"api_key:{self.api_key_id}"
        return f"user:{self.user_id}:{self.org_id}"


@dataclass(frozen=True)
class UserSubject:
    """A signed-in user outside any organization (profile, their organizations)."""

    user_id: uuid.UUID
    session_id: uuid.UUID | None
    # The organization the access token names (where the person last chose to work).
    token_org_id: uuid.UUID | None = None

"""Every ORM model, one file per aggregate. Importing this package registers them all."""

from heron.models.api_key import ApiKey
from heron.models.base import Base
from heron.models.event import Event
from heron.models.idempotency import IdempotencyKey
from heron.models.organization import Invitation, Membership, Organization, Team, TeamMember
from heron.models.user import OAuthAccount, RefreshToken, User, UserToken

__all__ = [
    "ApiKey",
    "Base",
    "Event",
    "IdempotencyKey",
    "Invitation",
    "Membership",
    "OAuthAccount",
    "Organization",
    "RefreshToken",
    "Team",
    "TeamMember",
    "User",
    "UserToken",
]

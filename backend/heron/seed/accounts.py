"""People and memberships made from the command line, with the same rules as the API: an
address the API accepts (stored lower-case), a password of the API's length, one account per
address, and events for every membership."""

from __future__ import annotations

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.schemas import PASSWORD_MAX, PASSWORD_MIN
from heron.auth.secrets import hash_password
from heron.events import service as events
from heron.models import Membership, Organization, User
from heron.models.base import utcnow
from heron.orgs.service import create_organization
from heron.roles.matrix import Role
from heron.seed.repository import SeedRepository


class AccountError(ValueError):
    """Input a command refuses, with a sentence for the person who typed it."""


@dataclass(frozen=True)
class NewAccount:
    email: str
    full_name: str
    password: str
    org_name: str | None = None
    role: Role = Role.owner


@dataclass(frozen=True)
class CreatedAccount:
    user: User
    org: Organization | None
    role: Role | None
    org_created: bool


def normalize_email(email: str) -> str:
    """The address as the API stores it, or AccountError when the API would refuse it."""
    try:
        return validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise AccountError(f"{email!r} is not a valid e-mail address: {exc}") from None


def check_password(password: str) -> None:
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise AccountError(f"The password must have {PASSWORD_MIN} to {PASSWORD_MAX} characters.")


async def any_user_exists(session: AsyncSession) -> bool:
    return await SeedRepository(session).any_user()


async def add_user(session: AsyncSession, email: str, full_name: str, password_hash: str) -> User:
    """A person with a confirmed address: whoever runs the command vouches for it."""
    email = normalize_email(email)
    full_name = full_name.strip()
    if not 1 <= len(full_name) <= 200:
        raise AccountError("The name must have 1 to 200 characters.")
    repo = SeedRepository(session)
    if await repo.email_taken(email):
        raise AccountError(f"An account with the address {email} exists already.")
    user = User(
        email=email,
        full_name=full_name,
        password_hash=password_hash,
        email_verified_at=utcnow(),
    )
    await repo.add(user)
    return user


async def add_member(session: AsyncSession, org: Organization, user: User, role: Role) -> None:
    """Make ``user`` a member of ``org`` with ``role`` (the system acts: no caller)."""
    await SeedRepository(session).add(Membership(org_id=org.id, user_id=user.id, role=role.value))
    await events.member_added(session, org.id, user, role.value)


async def _org_named(session: AsyncSession, name: str) -> Organization | None:
    rows = await SeedRepository(session).orgs_named(name)
    if len(rows) > 1:
        raise AccountError(f"{len(rows)} organizations are named {name!r}; this is ambiguous.")
    return rows[0] if rows else None


async def create_account(session: AsyncSession, new: NewAccount) -> CreatedAccount:
    """A person, and with ``org_name`` their membership: in the organization of that name, or
    in a new one they own when none has that name."""
    check_password(new.password)
    user = await add_user(session, new.email, new.full_name, hash_password(new.password))
    if new.org_name is None:
        return CreatedAccount(user=user, org=None, role=None, org_created=False)
    name = new.org_name.strip()
    org = await _org_named(session, name)
    if org is not None:
        await add_member(session, org, user, new.role)
        return CreatedAccount(user=user, org=org, role=new.role, org_created=False)
    if new.role is not Role.owner:
        raise AccountError(
            f"No organization is named {name!r}. A new organization's first member is its "
            "Owner: leave out --role to create it."
        )
    org, _ = await create_organization(session, user, name)
    return CreatedAccount(user=user, org=org, role=Role.owner, org_created=True)

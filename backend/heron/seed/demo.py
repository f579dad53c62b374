"""Demo data for a first look: "Demo Company" with an Owner, one member of each other role and a
sales team. Every demo account has the same password, random unless HERON_DEMO_PASSWORD is set;
the caller shows it once, as it is stored only as a hash."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.auth.secrets import hash_password
from heron.kit.subject import ActorType, Subject
from heron.models import Organization, User
from heron.orgs.service import create_organization
from heron.roles.matrix import Action, Role, Scope
from heron.seed.accounts import add_member, add_user, check_password
from heron.teams.schemas import TeamCreate
from heron.teams.service import TeamService

DEMO_ORG = "Demo Company"
# example.com, not a made-up domain: the API refuses special-use ones such as .local.
DEMO_OWNER = ("demo@example.com", "Demo Owner")
DEMO_MEMBERS = (
    (Role.admin, "admin@example.com", "Alex Admin"),
    (Role.manager, "manager@example.com", "Morgan Manager"),
    (Role.sales, "sales@example.com", "Sam Sales"),
    (Role.sales, "sales2@example.com", "Sasha Sales"),
    (Role.support, "support@example.com", "Skyler Support"),
    (Role.viewer, "viewer@example.com", "Vic Viewer"),
)
DEMO_TEAM = "Sales"


@dataclass(frozen=True)
class DemoLogin:
    org_id: str
    email: str
    password: str
    members: tuple[tuple[str, str], ...]  # (role, e-mail)


def demo_password(configured: str | None) -> str:
    return configured or secrets.token_urlsafe(12)


async def seed_demo(session: AsyncSession, password: str) -> DemoLogin:
    """Create the demo organization, its people and its team in ``session``."""
    check_password(password)
    hashed = hash_password(password)  # one hash for all: argon2 is slow on purpose
    owner = await add_user(session, *DEMO_OWNER, hashed)
    org, _ = await create_organization(session, owner, DEMO_ORG)
    people: dict[str, User] = {}
    for role, email, name in DEMO_MEMBERS:
        people[email] = await add_user(session, email, name, hashed)
        await add_member(session, org, people[email], role)
    await _sales_team(session, org, owner, people)
    return DemoLogin(
        org_id=str(org.id),
        email=owner.email,
        password=password,
        members=tuple((role.value, email) for role, email, _ in DEMO_MEMBERS),
    )


async def _sales_team(
    session: AsyncSession, org: Organization, owner: User, people: dict[str, User]
) -> None:
    """The manager's team, made as the Owner would make it through the API."""
    subject = Subject(actor_type=ActorType.user, org_id=org.id, role=Role.owner, user_id=owner.id)
    access = Access(subject=subject, scope=Scope.all, resource="team", action=Action.create)
    manager = people["manager@example.com"]
    members = [manager.id, people["sales@example.com"].id, people["sales2@example.com"].id]
    await TeamService(session, access).create(
        TeamCreate(
            name=DEMO_TEAM,
            description="The demo sales team, managed by Morgan Manager.",
            manager_id=manager.id,
            member_ids=members,
        )
    )

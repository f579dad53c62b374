"""Demo data for a first look: "Demo Company" with an Owner, one member of each other role, a
sales team and sales records (sales.py). Every demo account has the same password, random unless
HERON_DEMO_PASSWORD is set; the caller shows it once, as it is stored only as a hash.

Seeding again finds the demo organization (its Owner's address and name) and adds nothing; an
organization seeded before the sales records existed gets them then."""

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
from heron.seed.repository import SeedRepository
from heron.seed.sales import seed_sales, subject_of
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
# The members who own the demo's sales records, by the keys sales_data.py uses.
RECORD_OWNERS = {
    "owner": DEMO_OWNER[0],
    "manager": "manager@example.com",
    "sales": "sales@example.com",
    "sales2": "sales2@example.com",
}


@dataclass(frozen=True)
class DemoLogin:
    org_id: str
    email: str
    password: str
    members: tuple[tuple[str, str], ...]  # (role, e-mail)


@dataclass(frozen=True)
class DemoFound:
    """The demo organization was there already; ``records_added`` when it lacked the sales
    records (seeded by an earlier version) and got them now."""

    org_id: str
    records_added: bool


def demo_password(configured: str | None) -> str:
    return configured or secrets.token_urlsafe(12)


async def seed_demo(session: AsyncSession, password: str) -> DemoLogin | DemoFound:
    """Create the demo organization, its people, its team and its sales records in
    ``session``; when it exists, only what it lacks."""
    check_password(password)
    existing = await SeedRepository(session).org_owned_by(DEMO_ORG, DEMO_OWNER[0])
    if existing is not None:
        return await _complete(session, existing)
    hashed = hash_password(password)  # one hash for all: argon2 is slow on purpose
    owner = await add_user(session, *DEMO_OWNER, hashed)
    org, _ = await create_organization(session, owner, DEMO_ORG)
    people: dict[str, User] = {}
    for role, email, name in DEMO_MEMBERS:
        people[email] = await add_user(session, email, name, hashed)
        await add_member(session, org, people[email], role)
    await _sales_team(session, org, owner, people)
    await _sales_records(session, org)
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


async def _complete(session: AsyncSession, org: Organization) -> DemoFound:
    if await SeedRepository(session).has_companies(org.id):
        return DemoFound(org_id=str(org.id), records_added=False)
    await _sales_records(session, org)
    return DemoFound(org_id=str(org.id), records_added=True)


async def _sales_records(session: AsyncSession, org: Organization) -> None:
    """Each record made by the member who owns it, with the role they have now."""
    found = await SeedRepository(session).members_by_email(org.id, list(RECORD_OWNERS.values()))
    subjects = {
        key: await subject_of(session, org, *found[email])
        for key, email in RECORD_OWNERS.items()
        if email in found
    }
    await seed_sales(session, org, subjects)

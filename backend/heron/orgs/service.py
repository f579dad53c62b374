"""Organizations: creating one makes its creator the Owner; Owners and Admins edit its settings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.events import service as events
from heron.kit import tenancy
from heron.kit.errors import NotFound, Unauthenticated
from heron.kit.ids import uuid7
from heron.kit.repository import Repository
from heron.kit.subject import UserSubject
from heron.kit.versioning import check_version
from heron.models import Membership, Organization, User
from heron.orgs.repository import OrgRepository
from heron.orgs.schemas import OrgCreate, OrgOut, OrgUpdate
from heron.pipelines.service import create_default_pipeline
from heron.roles.matrix import Role

ORG_FIELDS = ("name", "default_currency", "time_zone", "locale", "fiscal_year_start_month")


async def create_organization(
    session: AsyncSession,
    creator: User,
    name: str,
    *,
    settings: Mapping[str, Any] | None = None,
) -> tuple[Organization, Membership]:
    """A new organization with ``creator`` as its Owner (``settings``: other ORG_FIELDS)."""
    org = Organization(id=uuid7(), name=name, created_by_id=creator.id)
    # The transaction works in the new organization from here on (row-level security).
    await tenancy.enter(session, org.id, creator.id)
    for field, value in (settings or {}).items():
        if field in ORG_FIELDS and field != "name":
            setattr(org, field, value)
    repo = Repository(session)
    await repo.add(org)
    membership = Membership(org_id=org.id, user_id=creator.id, role=Role.owner.value)
    await repo.add(membership)
    await events.record(
        session,
        org_id=org.id,
        type="organization.created",
        entity="organization",
        entity_id=org.id,
        actor_user_id=creator.id,
        changes=events.snapshot(org, ORG_FIELDS),
    )
    await events.member_added(session, org.id, creator, Role.owner.value, actor_user_id=creator.id)
    await create_default_pipeline(
        session, org.id, currency=org.default_currency, actor_user_id=creator.id
    )
    return org, membership


async def create_for(session: AsyncSession, me: UserSubject, body: OrgCreate) -> Organization:
    """Another organization for a signed-in person, who becomes its Owner."""
    user = await Repository(session).get_user(me.user_id)
    if user is None:
        raise Unauthenticated()
    settings = body.model_dump(exclude_unset=True, exclude={"name"})
    org, _ = await create_organization(session, user, body.name, settings=settings)
    return org


class OrgService:
    def __init__(self, session: AsyncSession, access: Access) -> None:
        self.access = access
        self.repo = OrgRepository(session, access.subject)
        self.session = session

    async def get(self) -> Organization:
        """The caller's organization."""
        org = await self.repo.current()
        if org is None:  # deleted while the caller's token was still valid
            raise NotFound("This organization no longer exists.")
        return org

    async def update(self, body: OrgUpdate, expected_version: int | None) -> Organization:
        """Change the organization's name or settings; one event with what changed."""
        org = await self.get()
        check_version(
            org.version,
            expected_version,
            required=True,
            current_record=OrgOut.model_validate(org).model_dump(mode="json"),
        )
        before = events.snapshot(org, ORG_FIELDS)
        for field, value in body.model_dump(exclude_unset=True).items():
            setattr(org, field, value)
        changes = events.diff(before, events.snapshot(org, ORG_FIELDS))
        if not changes:
            return org
        await self.repo.flush()
        await events.record(
            self.session,
            org_id=org.id,
            type="organization.updated",
            entity="organization",
            entity_id=org.id,
            subject=self.access.subject,
            changes=changes,
        )
        return org

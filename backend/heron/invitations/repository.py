"""Every query of invitations: inside the caller's organization, or by the secret token."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ColumnElement, and_, select

from heron.kit.envelope import PageMeta
from heron.kit.pagination import PageParams, paginate
from heron.kit.repository import OrgScopedRepository, Repository
from heron.models import Invitation, Membership, Organization, User


def _open() -> ColumnElement[bool]:
    return and_(Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))


def pending_clause(now: datetime) -> ColumnElement[bool]:
    return and_(_open(), Invitation.expires_at > now)


def status_clause(status: str, now: datetime) -> ColumnElement[bool] | None:
    """The SQL condition of a derived status (see ``status_of``); None for every status."""
    clauses: dict[str, ColumnElement[bool]] = {
        "pending": pending_clause(now),
        "expired": and_(_open(), Invitation.expires_at <= now),
        "accepted": Invitation.accepted_at.is_not(None),
        "revoked": and_(Invitation.accepted_at.is_(None), Invitation.revoked_at.is_not(None)),
    }
    return clauses.get(status)


def status_of(invitation: Invitation, now: datetime) -> str:
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.revoked_at is not None:
        return "revoked"
    return "expired" if invitation.expires_at <= now else "pending"


class InvitationRepository(OrgScopedRepository[Invitation]):
    model = Invitation

    async def page(
        self, status: str, now: datetime, params: PageParams
    ) -> tuple[list[Invitation], PageMeta]:
        stmt = self.base()
        clause = status_clause(status, now)
        if clause is not None:
            stmt = stmt.where(clause)
        stmt = stmt.order_by(Invitation.created_at.desc(), Invitation.id.desc())
        return await paginate(self.session, stmt, params)

    async def has_pending(
        self, email: str, now: datetime, *, other_than: uuid.UUID | None = None
    ) -> bool:
        stmt = self.base().where(Invitation.email == email, pending_clause(now))
        if other_than is not None:
            stmt = stmt.where(Invitation.id != other_than)
        return await self.session.scalar(stmt.limit(1)) is not None

    async def organization(self) -> Organization:
        org = await self.session.get(Organization, self.org_id)
        assert org is not None  # the caller was just authenticated in it
        return org


class InvitationTokenRepository(Repository):
    """Queries of the invited person, who is in no organization yet: the secret token (its hash)
    is what finds the invitation, so these are the only invitation queries without an org filter."""

    async def by_token_hash(self, token_hash: str, *, lock: bool = False) -> Invitation | None:
        stmt = select(Invitation).where(Invitation.token_hash == token_hash)
        if lock:  # two accepts of one link: the second waits, then finds it used
            stmt = stmt.with_for_update()
        return await self.session.scalar(stmt)

    async def organization(self, org_id: uuid.UUID) -> Organization | None:
        return await self.session.get(Organization, org_id)

    async def is_member(self, user_id: uuid.UUID, org_id: uuid.UUID) -> bool:
        row = await self.session.scalar(
            select(Membership.id).where(Membership.user_id == user_id, Membership.org_id == org_id)
        )
        return row is not None

    async def user_by_email(self, email: str) -> User | None:
        return await self.session.scalar(select(User).where(User.email == email.lower()))

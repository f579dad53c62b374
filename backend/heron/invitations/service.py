"""Invitations: an e-mailed link that lets a person join the organization with a role.

The link carries a secret token; only its hash is stored. Resending makes a new token (the old
link stops working) and a new expiry. Accepting needs the token and proof of the invited address:
either the invited person is signed in with that address, or no account uses it yet and one is
made (the e-mailed link proves the inbox, so the address counts as verified).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from heron.auth.access import Access
from heron.auth.secrets import hash_password, hash_secret, new_secret
from heron.auth.service import AuthService, ClientInfo, IssuedTokens
from heron.config import Settings
from heron.db import Transaction
from heron.events import service as events
from heron.invitations.repository import (
    InvitationRepository,
    InvitationTokenRepository,
    status_of,
)
from heron.invitations.schemas import AcceptIn, InvitationLookup, InvitationOut
from heron.kit import tenancy
from heron.kit.envelope import PageMeta
from heron.kit.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    Unauthenticated,
    ValidationFailed,
)
from heron.kit.pagination import PageParams
from heron.kit.subject import UserSubject
from heron.mail import templates
from heron.mail.sender import send_after_commit
from heron.members.grants import assert_may_grant
from heron.members.repository import MemberRepository
from heron.members.schemas import PersonOut
from heron.models import Invitation, Membership, User
from heron.models.base import utcnow
from heron.roles.matrix import Role, Scope

NO_INVITATION = "No invitation with this id in your organization."
LINK_NOT_VALID = (
    "This invitation link is not valid any more: it was already used, revoked or replaced, or it "
    "has expired. Ask for a new invitation."
)


class InvitationService:
    """The organization's side: invite, list, resend, revoke."""

    def __init__(self, tx: Transaction, settings: Settings, access: Access) -> None:
        self.tx = tx
        self.session = tx.session
        self.settings = settings
        self.access = access
        self.subject = access.subject
        self.repo = InvitationRepository(tx.session, access.subject)
        self.members = MemberRepository(tx.session, access.subject)

    # Reading
    async def page(self, status: str, params: PageParams) -> tuple[list[InvitationOut], PageMeta]:
        """One page of invitations, newest first, of one status (or all)."""
        rows, meta = await self.repo.page(status, utcnow(), params)
        return await self.describe(rows), meta

    async def get(self, invitation_id: uuid.UUID) -> Invitation:
        return await self.repo.get_or_404(invitation_id, NO_INVITATION)

    async def describe(self, rows: Sequence[Invitation]) -> list[InvitationOut]:
        now = utcnow()
        senders = await self.repo.users_by_id(i.invited_by_id for i in rows)
        return [
            InvitationOut(
                id=i.id,
                email=i.email,
                role=Role(i.role),
                status=status_of(i, now),
                invited_by=_person(senders.get(i.invited_by_id) if i.invited_by_id else None),
                expires_at=i.expires_at,
                sent_count=i.sent_count,
                last_sent_at=i.last_sent_at,
                accepted_at=i.accepted_at,
                revoked_at=i.revoked_at,
                created_at=i.created_at,
            )
            for i in rows
        ]

    # Changing
    async def invite(self, email: str, role: Role) -> Invitation:
        """Invite a person by e-mail to a role up to the inviter's own."""
        assert_may_grant(self.subject.role, role, "invite")
        now = utcnow()
        await self._assert_invitable(email, now)
        secret = new_secret()
        invitation = Invitation(
            org_id=self.subject.org_id,
            email=email,
            role=role.value,
            token_hash=hash_secret(secret),
            invited_by_id=self.subject.user_id,
            expires_at=now + timedelta(days=self.settings.invitation_days),
            sent_count=1,
            last_sent_at=now,
        )
        await self.repo.add(invitation)
        await self._record("invitation.created", invitation, {"email": email, "role": role.value})
        await self._send(invitation, secret)
        return invitation

    async def resend(self, invitation_id: uuid.UUID) -> Invitation:
        """E-mail a new link (the old one stops working) with a new expiry."""
        invitation = await self.get(invitation_id)
        self._assert_may_change(invitation)
        now = utcnow()
        self._assert_open(invitation, "resent")
        assert_may_grant(self.subject.role, invitation.role, "invite")
        if invitation.expires_at <= now:  # an expired one comes back to life: same checks as new
            await self._assert_invitable(invitation.email, now, other_than=invitation.id)
        secret = new_secret()
        invitation.token_hash = hash_secret(secret)
        invitation.expires_at = now + timedelta(days=self.settings.invitation_days)
        invitation.sent_count += 1
        invitation.last_sent_at = now
        await self.repo.flush()
        await self._record(
            "invitation.resent",
            invitation,
            {"email": invitation.email, "expires_at": invitation.expires_at.isoformat()},
        )
        await self._send(invitation, secret)
        return invitation

    async def revoke(self, invitation_id: uuid.UUID) -> None:
        """Withdraw an invitation; its link stops working."""
        invitation = await self.get(invitation_id)
        self._assert_may_change(invitation)
        self._assert_open(invitation, "revoked")
        invitation.revoked_at = utcnow()
        await self.repo.flush()
        await self._record(
            "invitation.revoked", invitation, {"email": invitation.email, "role": invitation.role}
        )

    # Rules
    def _assert_may_change(self, invitation: Invitation) -> None:
        if self.access.scope is Scope.all:
            return
        if self.subject.user_id is not None and invitation.invited_by_id == self.subject.user_id:
            return
        raise PermissionDenied("You can change only the invitations you sent.")

    @staticmethod
    def _assert_open(invitation: Invitation, verb: str) -> None:
        if invitation.accepted_at is not None:
            raise Conflict(f"This invitation was already accepted; it cannot be {verb}.")
        if invitation.revoked_at is not None:
            raise Conflict(f"This invitation was revoked; it cannot be {verb}. Send a new one.")

    async def _assert_invitable(
        self, email: str, now: datetime, other_than: uuid.UUID | None = None
    ) -> None:
        if await self.members.has_email(email):
            raise Conflict(f"{email} is already a member of this organization.")
        if await self.repo.has_pending(email, now, other_than=other_than):
            raise Conflict(f"{email} already has a pending invitation; resend it instead.")

    async def _send(self, invitation: Invitation, secret: str) -> None:
        org = await self.repo.organization()
        sender = await self.repo.get_user(invitation.invited_by_id)
        inviter = sender.full_name if sender else f"The {org.name} team"
        mail = templates.invitation(
            self.settings, invitation.email, org.name, inviter, invitation.role, secret
        )
        send_after_commit(self.tx, self.settings, mail)

    async def _record(self, type_: str, invitation: Invitation, changes: dict[str, object]) -> None:
        await events.record(
            self.session,
            org_id=self.subject.org_id,
            type=type_,
            entity="invitation",
            entity_id=invitation.id,
            subject=self.subject,
            changes=changes,
        )


class InvitationAcceptance:
    """The invited person's side: look at an invitation, accept it."""

    def __init__(self, tx: Transaction, settings: Settings) -> None:
        self.tx = tx
        self.session = tx.session
        self.settings = settings
        self.repo = InvitationTokenRepository(tx.session)

    async def lookup(self, token: str) -> InvitationLookup:
        """What an invitation link offers, before accepting it."""
        invitation = await self._usable(token)
        org = await self.repo.organization(invitation.org_id)
        sender = await self.repo.get_user(invitation.invited_by_id)
        return InvitationLookup(
            organization_name=org.name if org else "",
            inviter_name=sender.full_name if sender else None,
            email=invitation.email,
            role=Role(invitation.role),
            expires_at=invitation.expires_at,
            account_exists=await self.repo.user_by_email(invitation.email) is not None,
        )

    async def accept(
        self, body: AcceptIn, person: UserSubject | None, client: ClientInfo
    ) -> IssuedTokens:
        """Join the organization: as the signed-in person, or with a new account."""
        invitation = await self._usable(body.token, lock=True)
        auth = AuthService(self.tx, self.settings)
        if person is not None:
            user = await self.repo.get_user(person.user_id)
            if user is None:
                raise Unauthenticated()
            if user.email != invitation.email:
                raise PermissionDenied(
                    f"This invitation was sent to {invitation.email}, but you are signed in as "
                    f"{user.email}. Sign in with the invited address to accept it."
                )
            await self._join(invitation, user)
            return await auth.switch_organization(person, invitation.org_id)
        if await self.repo.user_by_email(invitation.email) is not None:
            raise Unauthenticated(f"Sign in as {invitation.email} to accept this invitation.")
        user = await self._new_account(invitation, body)
        await self._join(invitation, user)
        return await auth.start_session(user, invitation.org_id, client)

    async def _usable(self, token: str, *, lock: bool = False) -> Invitation:
        # The token is the credential: it names the organization, so it is looked up across all.
        async with tenancy.bypass(self.session):
            invitation = await self.repo.by_token_hash(hash_secret(token), lock=lock)
        if invitation is None or status_of(invitation, utcnow()) != "pending":
            raise NotFound(LINK_NOT_VALID)
        await tenancy.enter(self.session, invitation.org_id, None)
        return invitation

    async def _new_account(self, invitation: Invitation, body: AcceptIn) -> User:
        missing = [
            {"loc": ["body", field], "msg": "Required to create your account.", "type": "missing"}
            for field in ("full_name", "password")
            if getattr(body, field) is None
        ]
        if missing:
            raise ValidationFailed(
                "Choose your name and a password to create your account.", details=missing
            )
        assert body.full_name is not None and body.password is not None
        user = User(
            email=invitation.email,
            full_name=body.full_name,
            password_hash=hash_password(body.password),
            email_verified_at=utcnow(),
        )
        try:
            await self.repo.add(user)
        except IntegrityError as exc:  # the address signed up a moment ago
            raise Unauthenticated(
                f"Sign in as {invitation.email} to accept this invitation."
            ) from exc
        return user

    async def _join(self, invitation: Invitation, user: User) -> None:
        await tenancy.enter(self.session, invitation.org_id, user.id)
        if await self.repo.is_member(user.id, invitation.org_id):
            raise Conflict("You are already a member of this organization.")
        await self.repo.add(
            Membership(org_id=invitation.org_id, user_id=user.id, role=invitation.role)
        )
        invitation.accepted_at = utcnow()
        invitation.accepted_by_id = user.id
        await events.record(
            self.session,
            org_id=invitation.org_id,
            type="invitation.accepted",
            entity="invitation",
            entity_id=invitation.id,
            actor_user_id=user.id,
            changes={"email": user.email},
        )
        await events.member_added(
            self.session, invitation.org_id, user, invitation.role, actor_user_id=user.id
        )


def _person(user: User | None) -> PersonOut | None:
    return PersonOut(user_id=user.id, full_name=user.full_name, email=user.email) if user else None

"""Accounts and sessions: sign-up, sign-in, refresh rotation, sign-out, passwords, e-mail checks."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

import structlog
from sqlalchemy.exc import IntegrityError

from heron.auth.repository import AuthRepository
from heron.auth.secrets import (
    create_access_token,
    hash_password,
    hash_secret,
    new_secret,
    verify_password,
)
from heron.config import Settings
from heron.db import Transaction
from heron.kit import tenancy
from heron.kit.errors import Conflict, NotFound, PermissionDenied, Unauthenticated, ValidationFailed
from heron.kit.ids import uuid7
from heron.kit.subject import UserSubject
from heron.mail import templates
from heron.mail.sender import send_after_commit
from heron.models import RefreshToken, User, UserToken
from heron.models.base import utcnow
from heron.orgs.service import create_organization

log = structlog.get_logger("heron.auth")

VERIFY_EMAIL = "verify_email"
RESET_PASSWORD = "reset_password"


def _sessions_cutoff() -> datetime:
    """Access tokens issued before this moment stop working. Whole seconds, because a token's
    `iat` is: a token issued later in the same second (signing in again right after signing out
    everywhere) must not be refused. Tokens of that second issued before are refused anyway, as
    their sessions are revoked in the same transaction."""
    return utcnow().replace(microsecond=0)


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    expires_in: int
    refresh_token: str
    user: User
    org_id: uuid.UUID | None


@dataclass(frozen=True)
class ClientInfo:
    user_agent: str | None
    ip: str | None


class AuthService:
    def __init__(self, tx: Transaction, settings: Settings) -> None:
        self.tx = tx
        self.session = tx.session
        self.settings = settings
        self.repo = AuthRepository(tx.session)

    # Sign-up and sign-in
    async def register(
        self,
        *,
        email: str,
        password: str,
        full_name: str,
        organization_name: str,
        client: ClientInfo,
    ) -> IssuedTokens:
        """Create a person, their organization (they are its Owner) and a first session."""
        if await self.repo.get_user_by_email(email) is not None:
            raise Conflict(
                "An account with this e-mail already exists. Sign in or reset your password."
            )
        user = User(email=email, full_name=full_name, password_hash=hash_password(password))
        self.session.add(user)
        try:
            await self.session.flush()
        except IntegrityError as exc:  # a concurrent sign-up with the same address
            raise Conflict("An account with this e-mail already exists.") from exc
        org, _ = await create_organization(self.session, user, organization_name)
        await self.send_verification(user)
        return await self.start_session(user, org.id, client)

    async def login(
        self, *, email: str, password: str, organization_id: uuid.UUID | None, client: ClientInfo
    ) -> IssuedTokens:
        """Check the password and start a session; one answer for every kind of failure."""
        user = await self.repo.get_user_by_email(email)
        valid, new_hash = verify_password(password, user.password_hash if user else None)
        if user is None or not valid:
            raise Unauthenticated("The e-mail or password is incorrect.")
        if not user.is_active:
            raise Unauthenticated(
                "This account is disabled. Ask an administrator of your organization."
            )
        if new_hash is not None:
            user.password_hash = new_hash
        user.last_login_at = utcnow()
        org_id = await self._starting_org(user.id, organization_id)
        return await self.start_session(user, org_id, client)

    async def _starting_org(self, user_id: uuid.UUID, wanted: uuid.UUID | None) -> uuid.UUID | None:
        await tenancy.enter(self.session, None, user_id)
        if wanted is not None:
            if await self.repo.get_membership(user_id, wanted) is None:
                raise PermissionDenied("You are not a member of this organization.")
            return wanted
        first = await self.repo.first_membership(user_id)
        return first.org_id if first else None

    async def start_session(
        self, user: User, org_id: uuid.UUID | None, client: ClientInfo
    ) -> IssuedTokens:
        """Open a new session (refresh-token family) for a user who has proved who they are."""
        family = uuid7()
        refresh = await self._issue_refresh(user.id, family, org_id, client)
        return self._tokens(user, family, org_id, refresh)

    async def _issue_refresh(
        self, user_id: uuid.UUID, family: uuid.UUID, org_id: uuid.UUID | None, client: ClientInfo
    ) -> str:
        secret = new_secret()
        await self.repo.add(
            RefreshToken(
                user_id=user_id,
                family_id=family,
                token_hash=hash_secret(secret),
                org_id=org_id,
                expires_at=utcnow() + timedelta(days=self.settings.refresh_token_days),
                user_agent=(client.user_agent or "")[:400] or None,
                ip=client.ip,
            )
        )
        return secret

    def _tokens(
        self, user: User, family: uuid.UUID, org_id: uuid.UUID | None, refresh: str
    ) -> IssuedTokens:
        access, expires_in = create_access_token(
            self.settings, user_id=user.id, session_id=family, org_id=org_id
        )
        return IssuedTokens(access, expires_in, refresh, user, org_id)

    # Sessions
    async def refresh(self, secret: str, client: ClientInfo) -> IssuedTokens:
        """Rotate a refresh token. A token used twice means it leaked: the whole family ends."""
        token = await self.repo.get_refresh_token(hash_secret(secret))
        now = utcnow()
        if token is None or token.revoked_at is not None or token.expires_at <= now:
            raise Unauthenticated("Your session has ended. Sign in again.")
        if token.rotated_at is not None:
            await self._end_reused_family(token)
        user = await self.repo.get_user(token.user_id)
        if user is None or not user.is_active:
            raise Unauthenticated("Your session has ended. Sign in again.")
        # Claimed with a conditional update: of two requests racing with one token, exactly one
        # rotates it and the other counts as reuse (else a thief could fork the session unseen).
        if not await self.repo.claim_rotation(token.id, now):
            await self._end_reused_family(token)
        await tenancy.enter(self.session, None, user.id)
        org_id = token.org_id
        if org_id is not None and await self.repo.get_membership(user.id, org_id) is None:
            org_id = await self._starting_org(user.id, None)
        new = await self._issue_refresh(user.id, token.family_id, org_id, client)
        return self._tokens(user, token.family_id, org_id, new)

    async def _end_reused_family(self, token: RefreshToken) -> NoReturn:
        await self.repo.revoke_family(token.family_id)
        log.warning("refresh_token_reuse", user_id=str(token.user_id), family=str(token.family_id))
        raise Unauthenticated(
            "This session was signed out because its token was used twice.", keep_changes=True
        )

    async def switch_organization(self, me: UserSubject, org_id: uuid.UUID) -> IssuedTokens:
        """A new access token for another organization the user belongs to, same session."""
        if me.session_id is None:
            raise Unauthenticated()
        user = await self._user(me)
        await self._starting_org(user.id, org_id)
        access, expires_in = create_access_token(
            self.settings, user_id=user.id, session_id=me.session_id, org_id=org_id
        )
        await self.repo.set_session_org(me.session_id, org_id)
        return IssuedTokens(access, expires_in, "", user, org_id)

    async def logout(self, me: UserSubject, *, all_devices: bool) -> None:
        if all_devices:
            user = await self._user(me)
            await self.repo.revoke_all_sessions(user.id)
            user.sessions_valid_after = _sessions_cutoff()
        elif me.session_id is not None:
            await self.repo.revoke_family(me.session_id)

    async def end_session(self, me: UserSubject, session_id: uuid.UUID) -> None:
        """Sign out one of the user's own sessions (another device)."""
        if not await self.repo.session_is_active(session_id, me.user_id):
            raise NotFound("No such session.")
        await self.repo.revoke_family(session_id)

    # Passwords
    async def forgot_password(self, email: str) -> None:
        """E-mail a reset link when the account exists; the caller answers the same either way."""
        user = await self.repo.get_user_by_email(email)
        if user is None or not user.is_active:
            return
        await self.repo.void_user_tokens(user.id, RESET_PASSWORD)
        token = await self._user_token(
            user, RESET_PASSWORD, timedelta(minutes=self.settings.password_reset_minutes)
        )
        send_after_commit(
            self.tx,
            self.settings,
            templates.reset_password(self.settings, user.email, user.full_name, token),
        )

    async def reset_password(self, secret: str, new_password: str) -> None:
        """Set a new password from an e-mailed token; every session of the user ends."""
        row = await self._consume_token(
            secret, RESET_PASSWORD, "This reset link is not valid or has expired."
        )
        user = await self.repo.get_user(row.user_id)
        if user is None or not user.is_active or user.email != row.email:
            raise ValidationFailed.field(
                ("body", "token"), "This reset link is not valid or has expired."
            )
        user.password_hash = hash_password(new_password)
        if user.email_verified_at is None:
            user.email_verified_at = utcnow()  # the link proved the inbox is theirs
        await self.repo.void_user_tokens(user.id, RESET_PASSWORD)
        await self.repo.revoke_all_sessions(user.id)
        user.sessions_valid_after = _sessions_cutoff()

    async def change_password(self, me: UserSubject, current: str, new: str) -> None:
        """Change the password; every other session of the user ends."""
        user = await self._user(me)
        valid, _ = verify_password(current, user.password_hash)
        if not valid:
            raise ValidationFailed.field(
                ("body", "current_password"), "The current password is incorrect."
            )
        user.password_hash = hash_password(new)
        await self.repo.revoke_other_sessions(user.id, keep=me.session_id)

    # E-mail verification
    async def send_verification(self, user: User) -> None:
        await self.repo.void_user_tokens(user.id, VERIFY_EMAIL)
        token = await self._user_token(
            user, VERIFY_EMAIL, timedelta(hours=self.settings.email_token_hours)
        )
        send_after_commit(
            self.tx,
            self.settings,
            templates.verify_email(self.settings, user.email, user.full_name, token),
        )

    async def resend_verification(self, me: UserSubject) -> None:
        user = await self._user(me)
        if user.email_verified_at is None:
            await self.send_verification(user)

    async def verify_email(self, secret: str) -> User:
        row = await self._consume_token(
            secret, VERIFY_EMAIL, "This confirmation link is not valid or has expired."
        )
        user = await self.repo.get_user(row.user_id)
        if user is None or user.email != row.email:
            raise ValidationFailed.field(
                ("body", "token"), "This confirmation link is not valid or has expired."
            )
        user.email_verified_at = user.email_verified_at or utcnow()
        return user

    # Helpers
    async def _user(self, me: UserSubject) -> User:
        user = await self.repo.get_user(me.user_id)
        if user is None:
            raise Unauthenticated()
        return user

    async def _user_token(self, user: User, purpose: str, ttl: timedelta) -> str:
        secret = new_secret()
        await self.repo.add(
            UserToken(
                user_id=user.id,
                purpose=purpose,
                token_hash=hash_secret(secret),
                email=user.email,
                expires_at=utcnow() + ttl,
            )
        )
        return secret

    async def _consume_token(self, secret: str, purpose: str, message: str) -> UserToken:
        row = await self.repo.get_user_token(hash_secret(secret), purpose)
        if row is None or row.used_at is not None or row.expires_at <= utcnow():
            raise ValidationFailed.field(("body", "token"), message)
        # A conditional update, so two requests racing with one link cannot both use it.
        if not await self.repo.claim_user_token(row.id):
            raise ValidationFailed.field(("body", "token"), message)
        await self.session.refresh(row)
        return row

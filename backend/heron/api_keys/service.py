"""API keys: making them (the secret is returned once), listing and revoking them."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from heron.api_keys.repository import ApiKeyRepository
from heron.api_keys.schemas import ApiKeyCreate, KeyStatus
from heron.auth.access import Access
from heron.auth.secrets import API_KEY_PREFIX, hash_secret, new_secret
from heron.events import service as events
from heron.kit.envelope import PageMeta
from heron.kit.errors import PermissionDenied
from heron.kit.pagination import PageParams
from heron.models import ApiKey, User
from heron.models.base import utcnow
from heron.roles.matrix import Action, Scope, can_grant, scope_for

RESOURCE = "api_key"
EVENT_FIELDS = ("name", "prefix", "role", "expires_at", "created_by_id")
PREFIX_LENGTH = 12


class ApiKeyService:
    def __init__(self, session: AsyncSession, access: Access) -> None:
        self.session = session
        self.subject = access.subject
        self.access = access

    def _repo(self, action: Action) -> ApiKeyRepository:
        scope = self.access.scope if action is self.access.action else self._scope(action)
        return ApiKeyRepository(self.session, self.subject, scope)

    def _scope(self, action: Action) -> Scope:
        return scope_for(self.subject.role, RESOURCE, action)

    async def list(
        self, status: KeyStatus, query: QueryParams, sort: str | None, page: PageParams
    ) -> tuple[list[ApiKey], PageMeta]:
        """The keys the caller may see, in one offset page."""
        return await self._repo(Action.read).list(status, query, sort, page, utcnow())

    async def get(self, key_id: uuid.UUID) -> ApiKey:
        """One key the caller may see; any other is not found."""
        return await self._repo(Action.read).get_or_404(key_id, "API key not found.")

    async def create(self, body: ApiKeyCreate) -> tuple[ApiKey, str]:
        """A new key and its secret, which is not stored (only its hash) and not shown again."""
        if not can_grant(self.subject.role, body.role):
            raise PermissionDenied(f"Your role cannot make keys with the role '{body.role.value}'.")
        creator = await self._answerable_person()
        secret = new_secret(API_KEY_PREFIX)
        key = ApiKey(
            org_id=self.subject.org_id,
            name=body.name,
            prefix=secret[:PREFIX_LENGTH],
            key_hash=hash_secret(secret),
            role=body.role.value,
            created_by=creator,
            created_by_id=creator.id,
            expires_at=body.expires_at,
        )
        await self._repo(Action.create).add(key)
        await self._record("api_key.created", key, events.snapshot(key, EVENT_FIELDS))
        return key, secret

    async def revoke(self, key_id: uuid.UUID) -> None:
        """Revoke a key the caller may see and delete; revoking it again changes nothing."""
        key = await self.get(key_id)
        if not self._may(self._scope(Action.delete), key):
            raise PermissionDenied("Your role cannot revoke this key.")
        if key.revoked_at is not None:
            return
        key.revoked_at = utcnow()
        await self._repo(Action.delete).flush()
        await self._record(
            "api_key.revoked",
            key,
            {"revoked_at": {"before": None, "after": key.revoked_at.isoformat()}},
        )

    async def _record(self, type_: str, key: ApiKey, changes: dict[str, object]) -> None:
        await events.record(
            self.session,
            org_id=key.org_id,
            type=type_,
            entity=RESOURCE,
            entity_id=key.id,
            subject=self.subject,
            changes=changes,
        )

    def _may(self, scope: Scope, key: ApiKey) -> bool:
        if scope is Scope.all:
            return True
        if self.subject.user_id is None or key.created_by_id is None:
            return False
        if scope is Scope.own:
            return key.created_by_id == self.subject.user_id
        if scope is Scope.team:
            return key.created_by_id in (self.subject.team_user_ids or {self.subject.user_id})
        return False

    async def _answerable_person(self) -> User:
        """Who the new key belongs to. A key made by an API key belongs to that key's person,
        so it, too, stops working when that person leaves or loses the role."""
        repo = self._repo(Action.create)
        user_id = self.subject.user_id
        if user_id is None:
            calling = await repo.calling_key()
            user_id = calling.created_by_id if calling is not None else None
        creator = await repo.get_user(user_id) if user_id is not None else None
        if creator is None:
            raise PermissionDenied(
                "This API key has no person answerable for it; it cannot make keys."
            )
        return creator

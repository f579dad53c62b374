from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.secrets import hash_secret
from heron.config import Settings
from heron.models import Invitation
from heron.models.base import utcnow
from tests.helpers.factories import create_member, create_org
from tests.helpers.mail import Mailbox
from tests.helpers.orgs import (
    count,
    create_api_key,
    create_invitation,
    events_of,
    reload,
)

pytestmark = pytest.mark.anyio

INVITATIONS = "/api/v1/invitations"
LOOKUP = f"{INVITATIONS}/lookup"
LINK = "/accept-invitation"


def invitation_url(invitation_id: uuid.UUID) -> str:
    return f"{INVITATIONS}/{invitation_id}"


async def stored(session: AsyncSession, invitation_id: uuid.UUID) -> Invitation:
    row: Invitation = await reload(session, Invitation, Invitation.id == invitation_id)
    return row


class TestInvite:
    async def test_owner_invites_and_the_link_is_emailed(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, mailbox: Mailbox
    ) -> None:
        org = await create_org(session, name="Acme")
        owner = await create_member(session, settings, org, full_name="Olive Owner")

        response = await client.post(
            INVITATIONS, json={"email": "New@Example.com", "role": "admin"}, headers=owner.headers
        )

        assert response.status_code == 201, response.text
        data = response.json()["data"]
        assert (data["email"], data["role"], data["status"], data["sent_count"]) == (
            "new@example.com",
            "admin",
            "pending",
            1,
        )
        assert data["invited_by"]["user_id"] == str(owner.user.id)
        [message] = mailbox.to("new@example.com")
        assert message["Subject"] == "Olive Owner invited you to Acme on Heron"
        token = mailbox.token_sent_to("new@example.com", LINK)
        row = await stored(session, uuid.UUID(data["id"]))
        assert row.token_hash == hash_secret(token) and token not in response.text
        assert row.expires_at - utcnow() > timedelta(days=settings.invitation_days, minutes=-1)
        [event] = await events_of(session, org, "invitation.created")
        assert event.changes == {"email": "new@example.com", "role": "admin"}

    async def test_an_api_key_invites_in_the_name_of_the_organization(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, mailbox: Mailbox
    ) -> None:
        org = await create_org(session, name="Acme")
        await create_member(session, settings, org)
        key = await create_api_key(session, org, "admin")

        response = await client.post(
            INVITATIONS, json={"email": "bot@example.com", "role": "viewer"}, headers=key
        )

        assert response.status_code == 201, response.text
        assert response.json()["data"]["invited_by"] is None
        [message] = mailbox.to("bot@example.com")
        assert message["Subject"] == "The Acme team invited you to Acme on Heron"

    async def test_names_with_line_breaks_cannot_break_the_mail_headers(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, mailbox: Mailbox
    ) -> None:
        org = await create_org(session, name="Acme\r\nBcc: victim@example.com")
        owner = await create_member(session, settings, org, full_name="Eve\nX-Evil: 1")

        response = await client.post(
            INVITATIONS,
            json={"email": "target@example.com", "role": "viewer"},
            headers=owner.headers,
        )

        assert response.status_code == 201
        [message] = mailbox.to("target@example.com")
        assert (
            message["Subject"]
            == "Eve X-Evil: 1 invited you to Acme Bcc: victim@example.com on Heron"
        )
        assert message["Bcc"] is None and message["X-Evil"] is None

    async def test_an_admin_cannot_invite_an_owner(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, mailbox: Mailbox
    ) -> None:
        admin = await create_member(session, settings, await create_org(session), "admin")

        response = await client.post(
            INVITATIONS, json={"email": "boss@example.com", "role": "owner"}, headers=admin.headers
        )

        assert response.status_code == 403
        assert response.json()["error"]["message"] == "Only an Owner can invite an Owner."
        assert await count(session, Invitation) == 0
        assert mailbox.to("boss@example.com") == []

    async def test_a_manager_invites_up_to_their_own_role(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        manager = await create_member(session, settings, await create_org(session), "manager")

        allowed = await client.post(
            INVITATIONS, json={"email": "a@example.com", "role": "manager"}, headers=manager.headers
        )
        refused = await client.post(
            INVITATIONS, json={"email": "b@example.com", "role": "admin"}, headers=manager.headers
        )

        assert (allowed.status_code, refused.status_code) == (201, 403)
        assert await count(session, Invitation) == 1

    @pytest.mark.parametrize("role", ["sales", "support", "viewer"])
    async def test_roles_below_manager_cannot_invite(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, role: str
    ) -> None:
        member = await create_member(session, settings, await create_org(session), role)

        response = await client.post(
            INVITATIONS, json={"email": "a@example.com", "role": "viewer"}, headers=member.headers
        )

        assert response.status_code == 403
        assert await count(session, Invitation) == 0

    async def test_an_existing_member_cannot_be_invited(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        member = await create_member(session, settings, org, "viewer")

        response = await client.post(
            INVITATIONS,
            json={"email": member.user.email.upper(), "role": "sales"},
            headers=owner.headers,
        )

        assert response.status_code == 409
        assert "already a member" in response.json()["error"]["message"]
        assert await count(session, Invitation) == 0

    async def test_a_second_pending_invitation_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await create_invitation(session, org, email="twice@example.com")

        response = await client.post(
            INVITATIONS, json={"email": "twice@example.com", "role": "sales"}, headers=owner.headers
        )

        assert response.status_code == 409
        assert "pending invitation" in response.json()["error"]["message"]
        assert await count(session, Invitation) == 1

    async def test_someone_invited_elsewhere_or_expired_here_can_be_invited(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await create_invitation(session, await create_org(session), email="x@example.com")
        await create_invitation(session, org, email="x@example.com", expires_in=timedelta(days=-1))

        response = await client.post(
            INVITATIONS, json={"email": "x@example.com", "role": "sales"}, headers=owner.headers
        )

        assert response.status_code == 201

    @pytest.mark.parametrize(
        ("body", "loc"),
        [
            ({"email": "not an address", "role": "sales"}, ["body", "email"]),
            ({"email": "a@example.com", "role": "emperor"}, ["body", "role"]),
            ({"email": "a@example.com"}, ["body", "role"]),
            (
                {"email": "a@example.com", "role": "sales", "token_hash": "x"},
                ["body", "token_hash"],
            ),
            ({"email": "a" * 320 + "@example.com", "role": "sales"}, ["body", "email"]),
        ],
    )
    async def test_invalid_bodies_are_refused(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        body: dict[str, object],
        loc: list[str],
    ) -> None:
        owner = await create_member(session, settings, await create_org(session))

        response = await client.post(INVITATIONS, json=body, headers=owner.headers)

        assert response.status_code == 422
        assert loc in [d["loc"] for d in response.json()["error"]["details"]]
        assert await count(session, Invitation) == 0


class TestListInvitations:
    async def test_pending_by_default_and_other_statuses_on_request(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await create_invitation(session, org, email="pending@example.com")
        await create_invitation(
            session, org, email="expired@example.com", expires_in=timedelta(hours=-1)
        )
        await create_invitation(session, org, email="revoked@example.com", revoked_at=utcnow())
        await create_invitation(session, org, email="accepted@example.com", accepted_at=utcnow())
        await create_invitation(session, await create_org(session), email="foreign@example.com")

        async def emails(**params: str) -> set[str]:
            response = await client.get(INVITATIONS, params=params, headers=owner.headers)
            assert response.status_code == 200, response.text
            return {i["email"] for i in response.json()["data"]}

        assert await emails() == {"pending@example.com"}
        assert await emails(status="expired") == {"expired@example.com"}
        assert await emails(status="revoked") == {"revoked@example.com"}
        assert await emails(status="accepted") == {"accepted@example.com"}
        assert await emails(status="all") == {
            "pending@example.com",
            "expired@example.com",
            "revoked@example.com",
            "accepted@example.com",
        }

    async def test_an_unknown_status_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session))

        response = await client.get(INVITATIONS, params={"status": "lost"}, headers=owner.headers)

        assert response.status_code == 422

    async def test_sales_cannot_see_invitations(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        sales = await create_member(session, settings, await create_org(session), "sales")

        response = await client.get(INVITATIONS, headers=sales.headers)

        assert response.status_code == 403

    async def test_an_invitation_of_another_organization_is_not_found(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session))
        foreign, _ = await create_invitation(
            session, await create_org(session), email="hidden@example.com"
        )

        response = await client.get(invitation_url(foreign.id), headers=owner.headers)

        assert response.status_code == 404
        assert "hidden@example.com" not in response.text


class TestRevoke:
    async def test_revoking_stops_the_link(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        invitation, token = await create_invitation(session, org)

        response = await client.delete(invitation_url(invitation.id), headers=owner.headers)

        assert response.status_code == 204
        assert (await stored(session, invitation.id)).revoked_at is not None
        assert (await client.get(LOOKUP, params={"token": token})).status_code == 404
        assert len(await events_of(session, org, "invitation.revoked")) == 1

    async def test_a_manager_revokes_only_the_invitations_they_sent(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        manager = await create_member(session, settings, org, "manager")
        theirs, _ = await create_invitation(session, org, invited_by=manager.user.id)
        others, _ = await create_invitation(session, org, invited_by=owner.user.id)

        own = await client.delete(invitation_url(theirs.id), headers=manager.headers)
        refused = await client.delete(invitation_url(others.id), headers=manager.headers)

        assert (own.status_code, refused.status_code) == (204, 403)
        assert (await stored(session, others.id)).revoked_at is None

    async def test_an_accepted_invitation_cannot_be_revoked(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        invitation, _ = await create_invitation(session, org, accepted_at=utcnow())

        response = await client.delete(invitation_url(invitation.id), headers=owner.headers)

        assert response.status_code == 409
        assert (await stored(session, invitation.id)).revoked_at is None

    async def test_an_invitation_of_another_organization_is_not_found_and_stays(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session))
        foreign, _ = await create_invitation(session, await create_org(session))

        response = await client.delete(invitation_url(foreign.id), headers=owner.headers)

        assert response.status_code == 404
        assert (await stored(session, foreign.id)).revoked_at is None


class TestResend:
    async def test_a_new_link_replaces_the_old_one(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, mailbox: Mailbox
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        invitation, old_token = await create_invitation(session, org, email="again@example.com")

        response = await client.post(
            f"{invitation_url(invitation.id)}/resend", headers=owner.headers
        )

        assert response.status_code == 200, response.text
        assert response.json()["data"]["sent_count"] == 2
        new_token = mailbox.token_sent_to("again@example.com", LINK)
        assert new_token != old_token
        assert (await client.get(LOOKUP, params={"token": old_token})).status_code == 404
        assert (await client.get(LOOKUP, params={"token": new_token})).status_code == 200
        assert len(await events_of(session, org, "invitation.resent")) == 1

    async def test_an_expired_invitation_comes_back_to_life(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        invitation, _ = await create_invitation(session, org, expires_in=timedelta(days=-2))

        response = await client.post(
            f"{invitation_url(invitation.id)}/resend", headers=owner.headers
        )

        assert response.status_code == 200
        assert response.json()["data"]["status"] == "pending"
        assert (await stored(session, invitation.id)).expires_at > utcnow()

    async def test_a_revoked_invitation_is_not_resent(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, mailbox: Mailbox
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        invitation, _ = await create_invitation(
            session, org, email="gone@example.com", revoked_at=utcnow()
        )

        response = await client.post(
            f"{invitation_url(invitation.id)}/resend", headers=owner.headers
        )

        assert response.status_code == 409
        assert (await stored(session, invitation.id)).sent_count == 1
        assert mailbox.to("gone@example.com") == []

    async def test_an_admin_cannot_resend_an_owner_invitation(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        invitation, _ = await create_invitation(session, org, role="owner")

        response = await client.post(
            f"{invitation_url(invitation.id)}/resend", headers=admin.headers
        )

        assert response.status_code == 403
        assert (await stored(session, invitation.id)).sent_count == 1

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Invitation, Membership, User
from heron.models.base import utcnow
from tests.helpers.factories import create_member, create_org, create_user
from tests.helpers.mail import Mailbox
from tests.helpers.orgs import (
    count,
    create_invitation,
    events_of,
    membership,
    reload,
)

pytestmark = pytest.mark.anyio

INVITATIONS = "/api/v1/invitations"
LOOKUP = f"{INVITATIONS}/lookup"
ACCEPT = f"{INVITATIONS}/accept"
LINK = "/accept-invitation"
NEW_PASSWORD = "a long and new password"


async def stored(session: AsyncSession, invitation_id: uuid.UUID) -> Invitation:
    row: Invitation = await reload(session, Invitation, Invitation.id == invitation_id)
    return row


class TestLookup:
    async def test_shows_what_the_invitation_offers(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session, name="Acme")
        owner = await create_member(session, settings, org, full_name="Olive Owner")
        _, token = await create_invitation(
            session, org, email="guest@example.com", role="manager", invited_by=owner.user.id
        )

        response = await client.get(LOOKUP, params={"token": token})

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert data == {
            "organization_name": "Acme",
            "inviter_name": "Olive Owner",
            "email": "guest@example.com",
            "role": "manager",
            "expires_at": data["expires_at"],
            "account_exists": False,
        }

    async def test_says_when_an_account_already_uses_the_address(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        user = await create_user(session)
        _, token = await create_invitation(session, await create_org(session), email=user.email)

        response = await client.get(LOOKUP, params={"token": token})

        assert response.json()["data"]["account_exists"] is True

    @pytest.mark.parametrize("state", ["unknown", "accepted", "revoked", "expired"])
    async def test_a_link_that_no_longer_works_is_not_found(
        self, client: httpx.AsyncClient, session: AsyncSession, state: str
    ) -> None:
        org = await create_org(session, name="Acme")
        overrides = {
            "unknown": {},
            "accepted": {"accepted_at": utcnow()},
            "revoked": {"revoked_at": utcnow()},
            "expired": {"expires_in": timedelta(seconds=-1)},
        }[state]
        _, token = await create_invitation(session, org, **overrides)  # type: ignore[arg-type]

        response = await client.get(
            LOOKUP, params={"token": "x" * 43 if state == "unknown" else token}
        )

        assert response.status_code == 404
        assert "Acme" not in response.text


class TestAccept:
    async def test_a_new_person_gets_an_account_and_a_session(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        org = await create_org(session)
        invitation, token = await create_invitation(
            session, org, email="new@example.com", role="support"
        )

        response = await client.post(
            ACCEPT, json={"token": token, "full_name": "Nora New", "password": NEW_PASSWORD}
        )

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert data["organization_id"] == str(org.id)
        assert data["user"]["email"] == "new@example.com" and data["user"]["email_verified"] is True
        assert "heron_refresh" in response.headers["set-cookie"]
        user = await reload(session, User, User.email == "new@example.com")
        assert (await membership(session, org, user.id)).role == "support"
        row = await stored(session, invitation.id)
        assert (row.accepted_by_id, row.accepted_at is not None) == (user.id, True)
        assert len(await events_of(session, org, "invitation.accepted")) == 1
        [added] = await events_of(session, org, "member.added")
        assert (added.actor_id, added.changes["role"]) == (user.id, "support")
        me = await client.get(
            "/api/v1/members", headers={"Authorization": f"Bearer {data['access_token']}"}
        )
        assert me.status_code == 200

    async def test_name_and_password_are_required_for_a_new_account(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        org = await create_org(session)
        invitation, token = await create_invitation(session, org, email="new@example.com")

        response = await client.post(ACCEPT, json={"token": token})

        assert response.status_code == 422
        assert {tuple(d["loc"]) for d in response.json()["error"]["details"]} == {
            ("body", "full_name"),
            ("body", "password"),
        }
        assert await count(session, User) == 0
        assert (await stored(session, invitation.id)).accepted_at is None

    async def test_a_short_password_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        _, token = await create_invitation(session, await create_org(session))

        response = await client.post(
            ACCEPT, json={"token": token, "full_name": "N", "password": "short"}
        )

        assert response.status_code == 422
        assert await count(session, User) == 0

    async def test_accepting_twice_is_refused_and_writes_nothing(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        org = await create_org(session)
        _, token = await create_invitation(session, org, email="new@example.com")
        body = {"token": token, "full_name": "Nora New", "password": NEW_PASSWORD}
        await client.post(ACCEPT, json=body)

        response = await client.post(ACCEPT, json=body)

        assert response.status_code == 404
        assert "not valid any more" in response.json()["error"]["message"]
        assert await count(session, User) == 1
        assert await count(session, Membership, Membership.org_id == org.id) == 1
        assert len(await events_of(session, org, "member.added")) == 1

    @pytest.mark.parametrize("state", ["revoked", "expired"])
    async def test_a_revoked_or_expired_invitation_cannot_be_accepted(
        self, client: httpx.AsyncClient, session: AsyncSession, state: str
    ) -> None:
        overrides = (
            {"revoked_at": utcnow()}
            if state == "revoked"
            else {"expires_in": timedelta(minutes=-1)}
        )
        _, token = await create_invitation(session, await create_org(session), **overrides)  # type: ignore[arg-type]

        response = await client.post(
            ACCEPT, json={"token": token, "full_name": "N", "password": NEW_PASSWORD}
        )

        assert response.status_code == 404
        assert await count(session, User) == 0

    async def test_a_signed_in_invitee_joins_with_their_account(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        home = await create_org(session)
        person = await create_member(session, settings, home, "sales")
        org = await create_org(session, name="New Place")
        _, token = await create_invitation(session, org, email=person.user.email, role="manager")

        response = await client.post(
            ACCEPT, json={"token": token}, headers={"Authorization": f"Bearer {person.token}"}
        )

        assert response.status_code == 200, response.text
        assert response.json()["data"]["organization_id"] == str(org.id)
        assert (await membership(session, org, person.user.id)).role == "manager"
        assert await count(session, User) == 1
        switched = {"Authorization": f"Bearer {response.json()['data']['access_token']}"}
        assert (await client.get("/api/v1/org", headers=switched)).json()["data"][
            "name"
        ] == "New Place"

    async def test_another_signed_in_person_is_refused_and_nothing_is_written(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        intruder = await create_member(session, settings, await create_org(session))
        org = await create_org(session)
        invitation, token = await create_invitation(session, org, email="invited@example.com")

        response = await client.post(
            ACCEPT, json={"token": token}, headers={"Authorization": f"Bearer {intruder.token}"}
        )

        assert response.status_code == 403
        assert "invited@example.com" in response.json()["error"]["message"]
        assert await membership(session, org, intruder.user.id) is None
        assert (await stored(session, invitation.id)).accepted_at is None

    async def test_a_member_already_in_the_organization_is_told_so(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        member = await create_member(session, settings, org, "viewer")
        invitation, token = await create_invitation(
            session, org, email=member.user.email, role="admin"
        )

        response = await client.post(
            ACCEPT, json={"token": token}, headers={"Authorization": f"Bearer {member.token}"}
        )

        assert response.status_code == 409
        assert (await membership(session, org, member.user.id)).role == "viewer"
        assert (await stored(session, invitation.id)).accepted_at is None

    async def test_an_existing_account_must_sign_in_first(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        user = await create_user(session, email="known@example.com")
        org = await create_org(session)
        _, token = await create_invitation(session, org, email="known@example.com")

        response = await client.post(
            ACCEPT, json={"token": token, "full_name": "Me", "password": NEW_PASSWORD}
        )

        assert response.status_code == 401
        assert (
            response.json()["error"]["message"]
            == "Sign in as known@example.com to accept this invitation."
        )
        assert await membership(session, org, user.id) is None

    async def test_a_token_that_is_not_valid_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        org = await create_org(session)
        _, token = await create_invitation(session, org, email="new@example.com")

        response = await client.post(
            ACCEPT,
            json={"token": token, "full_name": "N", "password": NEW_PASSWORD},
            headers={"Authorization": "Bearer not-a-token"},
        )

        assert response.status_code == 401
        assert await count(session, User) == 0

    async def test_an_api_key_cannot_accept(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        _, token = await create_invitation(session, await create_org(session))

        response = await client.post(
            ACCEPT, json={"token": token}, headers={"Authorization": "Bearer hrn_abc"}
        )

        assert response.status_code == 403
        assert await count(session, User) == 0


class TestJourney:
    async def test_invite_accept_sign_in_and_see_the_organization(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, mailbox: Mailbox
    ) -> None:
        org = await create_org(session, name="Heron Fans")
        owner = await create_member(session, settings, org, full_name="Olive Owner")

        invited = await client.post(
            INVITATIONS, json={"email": "grace@example.com", "role": "sales"}, headers=owner.headers
        )
        assert invited.status_code == 201, invited.text
        token = mailbox.token_sent_to("grace@example.com", LINK)

        lookup = await client.get(LOOKUP, params={"token": token})
        assert lookup.status_code == 200
        assert lookup.json()["data"]["organization_name"] == "Heron Fans"
        assert lookup.json()["data"]["account_exists"] is False

        accepted = await client.post(
            ACCEPT, json={"token": token, "full_name": "Grace Hopper", "password": NEW_PASSWORD}
        )
        assert accepted.status_code == 200, accepted.text
        client.cookies.clear()

        login = await client.post(
            "/api/v1/auth/login", json={"email": "grace@example.com", "password": NEW_PASSWORD}
        )
        assert login.status_code == 200, login.text
        headers = {"Authorization": f"Bearer {login.json()['data']['access_token']}"}
        mine = await client.get("/api/v1/me/organizations", headers=headers)
        assert [(o["name"], o["role"]) for o in mine.json()["data"]] == [("Heron Fans", "sales")]

        listed = await client.get(INVITATIONS, params={"status": "accepted"}, headers=owner.headers)
        assert [i["email"] for i in listed.json()["data"]] == ["grace@example.com"]
        members = await client.get("/api/v1/members", headers=owner.headers)
        assert {m["full_name"] for m in members.json()["data"]} == {"Olive Owner", "Grace Hopper"}

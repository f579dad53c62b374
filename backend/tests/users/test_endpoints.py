"""The signed-in person: profile, organizations, sessions."""

from __future__ import annotations

import uuid

import httpx
import jwt
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Membership
from tests.helpers.auth import ME, bearer, login_ok, reload_user
from tests.helpers.factories import Member, create_member, create_org

pytestmark = pytest.mark.anyio


async def _member(session: AsyncSession, settings: Settings, **fields: object) -> Member:
    return await create_member(session, settings, await create_org(session), **fields)


class TestGetMe:
    async def test_profile_with_etag(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings, full_name="Ada Lovelace")

        response = await client.get(ME, headers=member.headers)

        assert response.status_code == 200
        data = response.json()["data"]
        assert data["id"] == str(member.user.id)
        assert data["email"] == member.user.email and data["full_name"] == "Ada Lovelace"
        assert data["email_verified"] is True
        assert "password_hash" not in data and "is_active" not in data
        assert response.headers["etag"] == f'"{member.user.version}"'

    async def test_needs_sign_in(self, client: httpx.AsyncClient) -> None:
        response = await client.get(ME)

        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"


class TestUpdateMe:
    async def test_changes_name_time_zone_and_locale(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings)
        etag = (await client.get(ME, headers=member.headers)).headers["etag"]

        response = await client.patch(
            ME,
            json={"full_name": "  Ada King  ", "time_zone": "Europe/Paris", "locale": "fr-FR"},
            headers={**member.headers, "If-Match": etag},
        )

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert (data["full_name"], data["time_zone"], data["locale"]) == (
            "Ada King",
            "Europe/Paris",
            "fr-FR",
        )
        assert response.headers["etag"] != etag
        user = await reload_user(session, member.user.id)
        assert (user.full_name, user.time_zone, user.locale) == (
            "Ada King",
            "Europe/Paris",
            "fr-FR",
        )

    async def test_without_if_match_last_write_wins(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings)

        response = await client.patch(ME, json={"time_zone": "Asia/Tokyo"}, headers=member.headers)

        assert response.status_code == 200
        assert (await reload_user(session, member.user.id)).time_zone == "Asia/Tokyo"

    @pytest.mark.parametrize(
        "field, value",
        [
            ("role", "owner"),
            ("email", "mallory@example.com"),
            ("id", "0bbe1462-4be8-43f1-b281-9d0d2f463fa3"),
            ("org_id", "44e07745-cb8c-4258-9029-47ddfed1cca8"),
            ("is_active", False),
            ("email_verified", True),
            ("password_hash", "x"),
            ("version", 99),
        ],
    )
    async def test_server_fields_are_refused_and_nothing_is_written(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        field: str,
        value: object,
    ) -> None:
        member = await _member(session, settings, full_name="Ada Lovelace")

        response = await client.patch(
            ME, json={"full_name": "Changed", field: value}, headers=member.headers
        )

        assert response.status_code == 422
        error = response.json()["error"]
        assert error["code"] == "validation_error"
        assert [d["loc"] for d in error["details"]] == [["body", field]]
        user = await reload_user(session, member.user.id)
        assert (user.full_name, user.email, user.version) == ("Ada Lovelace", member.user.email, 1)

    @pytest.mark.parametrize(
        "body, field",
        [
            ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
            ({"time_zone": "Europe/Paris'; DROP TABLE users; --"}, "time_zone"),
            ({"time_zone": "../../etc/passwd"}, "time_zone"),
            ({"time_zone": ""}, "time_zone"),
            ({"locale": "not a locale"}, "locale"),
            ({"full_name": ""}, "full_name"),
            ({"full_name": "x" * 10_000}, "full_name"),
        ],
    )
    async def test_invalid_values_are_refused(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        body: dict[str, str],
        field: str,
    ) -> None:
        member = await _member(session, settings)

        response = await client.patch(ME, json=body, headers=member.headers)

        assert response.status_code == 422
        assert [d["loc"] for d in response.json()["error"]["details"]] == [["body", field]]
        assert (await reload_user(session, member.user.id)).version == 1

    async def test_stale_if_match_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings, full_name="Ada Lovelace")
        stale = (await client.get(ME, headers=member.headers)).headers["etag"]
        await client.patch(ME, json={"locale": "en"}, headers={**member.headers, "If-Match": stale})

        response = await client.patch(
            ME, json={"full_name": "Lost update"}, headers={**member.headers, "If-Match": stale}
        )

        assert response.status_code == 412
        error = response.json()["error"]
        assert error["code"] == "precondition_failed"
        assert error["details"][0]["current"]["full_name"] == "Ada Lovelace"
        assert (await reload_user(session, member.user.id)).full_name == "Ada Lovelace"

    async def test_malformed_if_match_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings)

        response = await client.patch(
            ME, json={"locale": "en"}, headers={**member.headers, "If-Match": "*"}
        )

        assert response.status_code == 422
        assert (await reload_user(session, member.user.id)).locale is None


class TestMyOrganizations:
    async def test_lists_memberships_with_the_current_one(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings)
        second = await create_org(session, name="Zeta")
        await create_org(session, name="Not mine")
        session.add(Membership(org_id=second.id, user_id=member.user.id, role="viewer"))
        await session.flush()

        response = await client.get(f"{ME}/organizations", headers=bearer(member.token))
        chosen = await client.get(
            f"{ME}/organizations", headers={**bearer(member.token), "X-Heron-Org": str(second.id)}
        )

        assert response.status_code == 200
        rows = {r["id"]: r for r in response.json()["data"]}
        assert set(rows) == {str(member.org.id), str(second.id)}
        assert (
            rows[str(member.org.id)]["role"] == "owner"
            and rows[str(member.org.id)]["current"] is True
        )
        assert rows[str(second.id)]["role"] == "viewer" and rows[str(second.id)]["current"] is False
        current = {r["id"] for r in chosen.json()["data"] if r["current"]}
        assert current == {str(second.id)}


class TestMySessions:
    async def test_lists_sessions_with_the_current_one(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings)
        data = await login_ok(client, member.user.email)

        response = await client.get(f"{ME}/sessions", headers=bearer(data["access_token"]))

        assert response.status_code == 200
        sessions = response.json()["data"]
        assert {s["id"] for s in sessions} == {str(member.session_id), _sid(data["access_token"])}
        assert [s["id"] for s in sessions if s["current"]] == [_sid(data["access_token"])]

    async def test_ending_another_session_signs_it_out(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings)
        data = await login_ok(client, member.user.email)

        response = await client.delete(
            f"{ME}/sessions/{member.session_id}", headers=bearer(data["access_token"])
        )

        assert response.status_code == 204
        assert (await client.get(ME, headers=member.headers)).status_code == 401
        assert (await client.get(ME, headers=bearer(data["access_token"]))).status_code == 200
        listed = await client.get(f"{ME}/sessions", headers=bearer(data["access_token"]))
        assert [s["id"] for s in listed.json()["data"]] == [_sid(data["access_token"])]

    async def test_session_of_someone_else_is_not_found(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings)
        victim = await _member(session, settings)

        response = await client.delete(f"{ME}/sessions/{victim.session_id}", headers=member.headers)

        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
        assert (await client.get(ME, headers=victim.headers)).status_code == 200

    async def test_unknown_session_is_not_found(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings)

        response = await client.delete(f"{ME}/sessions/{uuid.uuid4()}", headers=member.headers)

        assert response.status_code == 404


def _sid(access_token: str) -> str:
    return str(jwt.decode(access_token, options={"verify_signature": False})["sid"])

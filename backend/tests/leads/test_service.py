"""What the lead conversion (a flow across domains) builds on: finding the lead to convert,
marking it converted, the contact it may reuse, and the name split."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.kit.errors import Conflict, NotFound, PermissionDenied, PreconditionFailed
from heron.kit.subject import ActorType, Subject
from heron.leads.service import LeadService, split_name
from heron.models import Lead, Organization
from heron.models.base import utcnow
from heron.roles.matrix import Action, scope_for
from tests.helpers.factories import create_org, create_user
from tests.helpers.leads import create_contact, create_lead
from tests.helpers.orgs import events_of, reload

pytestmark = pytest.mark.anyio


def service_for(
    session: AsyncSession, org: Organization, user_id: uuid.UUID, role: str = "sales"
) -> LeadService:
    subject = Subject(
        actor_type=ActorType.user, org_id=org.id, role=role, user_id=user_id,
        team_user_ids=frozenset({user_id}),
    )  # fmt: skip
    access = Access(
        subject=subject,
        scope=scope_for(role, "lead", Action.update),
        resource="lead",
        action=Action.update,
    )
    return LeadService(session, access)


class TestGetConvertible:
    async def test_the_callers_lead_at_the_version_they_saw(self, session: AsyncSession) -> None:
        org, user = await create_org(session), await create_user(session)
        lead = await create_lead(session, org, user.id)

        found = await service_for(session, org, user.id).get_convertible(lead.id, lead.version)

        assert found.id == lead.id

    async def test_a_converted_lead_is_a_conflict(self, session: AsyncSession) -> None:
        org, user = await create_org(session), await create_user(session)
        lead = await create_lead(session, org, user.id, converted_at=utcnow(), status="converted")

        with pytest.raises(Conflict):
            await service_for(session, org, user.id).get_convertible(lead.id, lead.version)

    async def test_a_stale_version_is_412(self, session: AsyncSession) -> None:
        org, user = await create_org(session), await create_user(session)
        lead = await create_lead(session, org, user.id)

        with pytest.raises(PreconditionFailed):
            await service_for(session, org, user.id).get_convertible(lead.id, lead.version + 1)

    async def test_a_colleagues_lead_is_not_found_by_sales(self, session: AsyncSession) -> None:
        org, user, other = (
            await create_org(session),
            await create_user(session),
            await create_user(session),
        )
        lead = await create_lead(session, org, other.id)

        with pytest.raises(NotFound):
            await service_for(session, org, user.id).get_convertible(lead.id, lead.version)

    async def test_a_viewer_may_not_convert(self, session: AsyncSession) -> None:
        org, user = await create_org(session), await create_user(session)
        lead = await create_lead(session, org, user.id)
        viewer = service_for(session, org, user.id, role="viewer")

        with pytest.raises(PermissionDenied):
            await viewer.get_convertible(lead.id, lead.version)


class TestMarkConverted:
    async def test_the_lead_notes_what_it_became_and_an_event_is_recorded(
        self, session: AsyncSession
    ) -> None:
        org, user = await create_org(session), await create_user(session)
        lead = await create_lead(session, org, user.id, status="qualified")
        contact = await create_contact(session, org, email="ada@example.com")
        service = service_for(session, org, user.id)

        await service.mark_converted(lead, contact_id=contact.id, company_id=None, deal_id=None)

        stored = await reload(session, Lead, Lead.id == lead.id)
        assert (stored.status, stored.converted_contact_id) == ("converted", contact.id)
        assert stored.converted_at is not None
        [event] = await events_of(session, org, "lead.converted")
        assert event.entity_id == lead.id
        assert event.changes["status"] == {"before": "qualified", "after": "converted"}
        assert event.changes["contact_id"] == str(contact.id)
        out = await service.one(stored)
        assert out.converted is not None and out.converted.contact_id == contact.id


class TestContactsWithEmail:
    async def test_live_contacts_of_the_organization_by_any_of_their_addresses(
        self, session: AsyncSession
    ) -> None:
        org, user = await create_org(session), await create_user(session)
        primary = await create_contact(session, org, email="ada@example.com")
        listed = await create_contact(
            session, org, email="a@example.com", other_emails=("ada@example.com",)
        )
        await create_contact(session, org, email="ada@example.com", deleted_at=utcnow())
        await create_contact(session, await create_org(session), email="ada@example.com")

        found = await service_for(session, org, user.id).repo.contacts_with_email("ada@example.com")

        assert {c.id for c in found} == {primary.id, listed.id}


class TestSplitName:
    @pytest.mark.parametrize(
        ("name", "parts"),
        [
            ("Ada King Lovelace", ("Ada King", "Lovelace")),
            ("Ada Lovelace", ("Ada", "Lovelace")),
            ("Cher", (None, "Cher")),
            ("   ", (None, None)),
        ],
    )
    def test_the_last_word_is_the_last_name(
        self, name: str, parts: tuple[str | None, str | None]
    ) -> None:
        assert split_name(name) == parts

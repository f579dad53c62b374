"""Test data of leads (and the contacts their duplicate checks look at)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from heron.kit.ids import uuid7
from heron.models import Contact, ContactEmail, Lead, Organization

LEADS = "/api/v1/leads"


def lead_url(lead_id: uuid.UUID | str) -> str:
    return f"{LEADS}/{lead_id}"


async def create_lead(
    session: AsyncSession, org: Organization, owner_id: uuid.UUID | None = None, **overrides: Any
) -> Lead:
    values: dict[str, Any] = {
        "name": f"Lead {uuid7().hex[-6:]}",
        "owner_id": owner_id,
        "created_by_id": owner_id,
        "custom": {},
    }
    values.update(overrides)
    lead = Lead(org_id=org.id, **values)
    session.add(lead)
    await session.flush()
    return lead


async def create_contact(
    session: AsyncSession,
    org: Organization,
    *,
    email: str | None = None,
    other_emails: tuple[str, ...] = (),
    **overrides: Any,
) -> Contact:
    """A contact whose primary e-mail is ``email``, with ``other_emails`` listed after it."""
    values: dict[str, Any] = {"first_name": "Grace", "last_name": "Hopper", "custom": {}}
    values.update(overrides)
    contact = Contact(org_id=org.id, email=email, **values)
    session.add(contact)
    await session.flush()
    for position, address in enumerate(([email] if email else []) + list(other_emails)):
        session.add(
            ContactEmail(
                org_id=org.id,
                contact_id=contact.id,
                email=address,
                is_primary=position == 0 and email is not None,
                position=position,
            )
        )
    await session.flush()
    return contact


async def post_lead(
    client: httpx.AsyncClient, headers: dict[str, str], **body: Any
) -> httpx.Response:
    body.setdefault("name", "Ada Lovelace")
    return await client.post(LEADS, json=body, headers=headers)

"""Leads: the shared record rules, a status only the conversion may set to `converted`, and
duplicates found among leads and contacts."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from heron.kit.errors import Conflict
from heron.leads.repository import DUPLICATES_LIMIT, LeadRepository
from heron.leads.schemas import LeadConversion, LeadOut, LeadUpdate
from heron.models import Lead
from heron.models.base import utcnow
from heron.records.related import Related, tag_list
from heron.records.schemas import DuplicateRef
from heron.records.service import RecordService
from heron.roles.matrix import Action

EVENT_FIELDS = (
    "name", "email", "phone", "company_name", "website", "title", "source", "status",
    "score", "owner_id",
)  # fmt: skip
CONVERTED_MESSAGE = "This lead was converted; edit the contact, company or deal instead."


class LeadService(RecordService[Lead]):
    repository = LeadRepository
    event_fields = EVENT_FIELDS
    bulk_fields = frozenset({"status", "source", "owner_id", "score"})
    update_schema = LeadUpdate
    plural = "leads"
    repo: LeadRepository

    def out(self, r: Lead, related: Related) -> LeadOut:
        # Plain values validated once, as ContactService.out.
        return LeadOut.model_validate(
            {
                "id": r.id,
                "name": r.name,
                "email": r.email,
                "phone": r.phone,
                "company_name": r.company_name,
                "website": r.website,
                "title": r.title,
                "source": r.source,
                "status": r.status,
                "score": r.score,
                "owner": related.get("owner"),
                "tags": tag_list(related.get("tags")),
                "custom": r.custom,
                "converted_at": r.converted_at,
                "converted": _conversion(r),
                "version": r.version,
                "created_at": r.created_at,
                "updated_at": r.updated_at,
            }
        )

    async def prepare(self, values: dict[str, Any], row: Lead | None) -> dict[str, Any]:
        # A converted lead is history: its contact, company and deal carry the work on, and
        # editing the lead would make it disagree with what it became.
        if row is not None and row.converted_at is not None:
            raise Conflict(CONVERTED_MESSAGE)
        return values

    async def likely_duplicates(self, row: Lead) -> list[DuplicateRef]:
        """Visible leads and contacts with the same e-mail, then leads with a similar name."""
        found: list[DuplicateRef] = []
        if row.email:
            found += [
                DuplicateRef(id=lead.id, kind="lead", name=lead.name, reason="same_email")
                for lead in await self.repo.with_email(row.email, other_than=row.id)
            ]
            found += [
                DuplicateRef(
                    id=contact.id,
                    kind="contact",
                    name=contact.full_name or contact.email or row.email,
                    reason="same_email",
                )
                for contact in await self.repo.contacts_with_email(row.email)
            ]
        seen = {ref.id for ref in found}
        found += [
            DuplicateRef(id=lead.id, kind="lead", name=lead.name, reason="similar_name")
            for lead in await self.repo.named_like(row.name, row.id, DUPLICATES_LIMIT)
            if lead.id not in seen
        ]
        return found

    # For the conversion (POST /leads/{lead_id}/convert, a flow across domains).
    async def get_convertible(self, id_: uuid.UUID, expected: int | None) -> Lead:
        """The lead to convert: visible, within the caller's update scope, at the version the
        caller saw (If-Match), and not converted already (409)."""
        row: Lead = await self.get(id_)
        await self.assert_may_change(row, Action.update)
        # Before the version: a retried conversion (its If-Match now stale) learns what the
        # lead became rather than being told to reload it.
        if row.converted_at is not None:
            raise already_converted(row)
        await self.check_version(row, expected)
        return row

    async def mark_converted(
        self,
        row: Lead,
        *,
        contact_id: uuid.UUID | None,
        company_id: uuid.UUID | None,
        deal_id: uuid.UUID | None,
        details: Mapping[str, Any] | None = None,
    ) -> Lead:
        """Set the lead to `converted`, note what it became and record `lead.converted`
        (with ``details``: which records were new, how many activities moved)."""
        before = row.status
        await self.repo.mark_converted(
            row, at=utcnow(), contact_id=contact_id, company_id=company_id, deal_id=deal_id
        )
        await self.record(
            "lead.converted",
            row.id,
            {
                "status": {"before": before, "after": row.status},
                "contact_id": str(contact_id) if contact_id else None,
                "company_id": str(company_id) if company_id else None,
                "deal_id": str(deal_id) if deal_id else None,
                **(details or {}),
            },
        )
        return row


def split_name(name: str) -> tuple[str | None, str | None]:
    """A lead's full name as a contact's first and last names: "Ada King Lovelace" ->
    ("Ada King", "Lovelace"); a single word is the last name."""
    words = name.split()
    if not words:
        return None, None
    if len(words) == 1:
        return None, words[0]
    return " ".join(words[:-1]), words[-1]


def _conversion(row: Lead) -> LeadConversion | None:
    if row.converted_at is None:
        return None
    return LeadConversion(
        contact_id=row.converted_contact_id,
        company_id=row.converted_company_id,
        deal_id=row.converted_deal_id,
    )


def already_converted(row: Lead) -> Conflict:
    """409 naming the records the lead became (in ``details[0].converted``)."""
    made = _conversion(row)
    assert made is not None and row.converted_at is not None
    when = row.converted_at.strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        f"{kind} {value}"
        for kind, value in (
            ("contact", made.contact_id), ("company", made.company_id), ("deal", made.deal_id)
        )
        if value is not None
    ]  # fmt: skip
    message = f"This lead was already converted on {when}" + (
        f" into {', '.join(parts)}." if parts else "."
    )
    return Conflict(
        message,
        details=[
            {
                "loc": ["path", "lead_id"],
                "msg": message,
                "type": "already_converted",
                "converted": made.model_dump(mode="json"),
            }
        ],
    )

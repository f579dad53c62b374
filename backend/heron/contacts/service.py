"""Contacts: the shared record rules plus lists of e-mail addresses and phone numbers (one
primary of each, copied onto the contact), a company of the organization and likely
duplicates by e-mail, phone and name."""

from __future__ import annotations

import uuid
from typing import Any

from heron.contacts.repository import ContactRepository
from heron.contacts.schemas import (
    ContactOut,
    ContactUpdate,
)
from heron.kit.errors import ValidationFailed
from heron.kit.sqljson import as_list
from heron.models import Contact, ContactEmail, ContactPhone
from heron.models.base import utcnow
from heron.records.related import Related, tag_list
from heron.records.schemas import DuplicateRef, address_columns, address_fields
from heron.records.service import RecordService

EVENT_FIELDS = (
    "first_name", "last_name", "email", "phone", "job_title", "company_id", "lifecycle_status",
    "source", "social", "address_street", "address_city", "address_region",
    "address_postal_code", "address_country", "owner_id",
)  # fmt: skip
SOCIAL_PARTS = ("linkedin", "twitter", "facebook", "github", "website")


def email_list(row: Contact) -> list[dict[str, Any]]:
    return [{"email": e.email, "label": e.label, "primary": e.is_primary} for e in row.emails]


def phone_list(row: Contact) -> list[dict[str, Any]]:
    return [{"number": p.number, "label": p.label, "primary": p.is_primary} for p in row.phones]


class ContactService(RecordService[Contact]):
    repository = ContactRepository
    event_fields = EVENT_FIELDS
    bulk_fields = frozenset({"owner_id", "lifecycle_status", "source", "company_id", "custom"})
    update_schema = ContactUpdate
    plural = "contacts"
    repo: ContactRepository

    def snapshot(self, row: Contact) -> dict[str, Any]:
        # The lists are child rows, not columns: events show them whole, before and after.
        return super().snapshot(row) | {"emails": email_list(row), "phones": phone_list(row)}

    def out(self, r: Contact, related: Related) -> ContactOut:
        # Plain values, validated once: pydantic's core builds the nested models (e-mails,
        # phones, company, owner, address, social, tags) from the related columns' JSON
        # itself, at half the cost of building each in Python (docs/performance.md).
        social = r.social or {}
        return ContactOut.model_validate(
            {
                "id": r.id,
                "first_name": r.first_name,
                "last_name": r.last_name,
                "full_name": r.full_name,
                "email": r.email,
                "phone": r.phone,
                "emails": [
                    {"email": e["value"], "label": e["label"], "primary": e["primary"]}
                    for e in sorted(as_list(related.get("emails")), key=_position)
                ],
                "phones": [
                    {"number": p["value"], "label": p["label"], "primary": p["primary"]}
                    for p in sorted(as_list(related.get("phones")), key=_position)
                ],
                "job_title": r.job_title,
                "company": related.get("company"),
                "owner": related.get("owner"),
                "lifecycle_status": r.lifecycle_status,
                "source": r.source,
                "address": address_fields(r),
                "social": {part: social.get(part) for part in SOCIAL_PARTS},
                "tags": tag_list(related.get("tags")),
                "custom": r.custom,
                "last_activity_at": r.last_activity_at,
                "version": r.version,
                "created_at": r.created_at,
                "updated_at": r.updated_at,
            }
        )

    async def prepare(self, values: dict[str, Any], row: Contact | None) -> dict[str, Any]:
        """Check the company, then turn the body's lists into child rows (on update, in place:
        the rows of addresses kept stay, so their ids and the unique keys never collide)."""
        if values.get("company_id") is not None and (
            row is None or values["company_id"] != row.company_id
        ):
            await self._assert_company(values["company_id"])
        if "address" in values:
            values |= address_columns(values.pop("address"))
        if "social" in values:
            values["social"] = _merged_social(row.social if row else {}, values["social"])
        self._assert_named(values, row)
        if row is None:  # a new contact's lists start loaded (empty), never lazy-loaded
            values.setdefault("emails", [])
            values.setdefault("phones", [])
        if "emails" in values:
            emails = _complete(values.pop("emails"), "email")
            if row is None:
                values["emails"] = [self._email_row(i, e) for i, e in enumerate(emails)]
            else:
                self._replace_emails(row, emails)
            values["email"] = _primary(emails, "email")
        if "phones" in values:
            phones = _complete(values.pop("phones"), "number")
            if row is None:
                values["phones"] = [self._phone_row(i, p) for i, p in enumerate(phones)]
            else:
                self._replace_phones(row, phones)
            values["phone"] = _primary(phones, "number")
        return values

    async def _assert_company(self, company_id: uuid.UUID) -> None:
        if company_id not in await self.repo.companies([company_id]):
            raise ValidationFailed.field(
                ("body", "company_id"), f"No company with id {company_id} in your organization."
            )

    @staticmethod
    def _assert_named(values: dict[str, Any], row: Contact | None) -> None:
        """A contact keeps a first name, a last name or an e-mail address."""
        if row is None:
            return  # ContactCreate already asks for one

        def after(field: str, current: Any) -> Any:
            return values.get(field, current)

        if not (
            after("first_name", row.first_name)
            or after("last_name", row.last_name)
            or after("emails", row.emails)
        ):
            raise ValidationFailed.field(
                ("body",),
                "A contact needs at least a first name, a last name or an e-mail address.",
            )

    def _email_row(self, position: int, item: dict[str, Any]) -> ContactEmail:
        return ContactEmail(
            org_id=self.subject.org_id, email=item["email"], label=item["label"],
            is_primary=item["primary"], position=position,
        )  # fmt: skip

    def _phone_row(self, position: int, item: dict[str, Any]) -> ContactPhone:
        return ContactPhone(
            org_id=self.subject.org_id, number=item["number"], label=item["label"],
            is_primary=item["primary"], position=position,
        )  # fmt: skip

    def _replace_emails(self, row: Contact, items: list[dict[str, Any]]) -> None:
        before = email_list(row)  # before the kept rows change below
        kept = {e.email: e for e in row.emails}
        new: list[ContactEmail] = []
        for position, item in enumerate(items):
            child = kept.get(item["email"]) or self._email_row(position, item)
            child.label, child.is_primary = item["label"], item["primary"]
            child.position = position
            new.append(child)
        if before != [_as_email(c) for c in new]:
            row.emails = new
            row.updated_at = utcnow()  # the lists are not columns: move the version

    def _replace_phones(self, row: Contact, items: list[dict[str, Any]]) -> None:
        before = phone_list(row)  # before the kept rows change below
        kept = {p.number: p for p in row.phones}
        new: list[ContactPhone] = []
        for position, item in enumerate(items):
            child = kept.get(item["number"]) or self._phone_row(position, item)
            child.label, child.is_primary = item["label"], item["primary"]
            child.position = position
            new.append(child)
        if before != [_as_phone(c) for c in new]:
            row.phones = new
            row.updated_at = utcnow()

    # Likely duplicates
    async def likely_duplicates(self, row: Contact) -> list[DuplicateRef]:
        """Other visible contacts sharing an e-mail address or a phone number, or with a
        similar name; each listed once, under its strongest reason."""
        found: dict[uuid.UUID, DuplicateRef] = {}
        matches = await self.repo.likely_duplicates(
            [e.email for e in row.emails], [p.number for p in row.phones], row.full_name, row.id
        )
        for reason, id_, name in matches:
            found.setdefault(id_, DuplicateRef(kind="contact", id=id_, name=name, reason=reason))
        return list(found.values())

    async def duplicates_of(self, id_: uuid.UUID) -> list[DuplicateRef]:
        """The likely duplicates of an existing contact the caller may see."""
        return await self.likely_duplicates(await self.get(id_))


def _position(item: dict[str, Any]) -> Any:
    return item["position"]


def _as_email(child: ContactEmail) -> dict[str, Any]:
    return {"email": child.email, "label": child.label, "primary": child.is_primary}


def _as_phone(child: ContactPhone) -> dict[str, Any]:
    return {"number": child.number, "label": child.label, "primary": child.is_primary}


def _complete(items: list[dict[str, Any]] | None, key: str) -> list[dict[str, Any]]:
    """The body's items with every part (``exclude_unset`` drops the defaults)."""
    return [
        {key: item[key], "label": item.get("label"), "primary": item.get("primary", False)}
        for item in items or []
    ]


def _primary(items: list[dict[str, Any]], key: str) -> str | None:
    return next((item[key] for item in items if item["primary"]), None)


def _merged_social(current: dict[str, Any], sent: dict[str, Any] | None) -> dict[str, Any]:
    """The parts sent replace the current ones; null clears one; ``social: null`` clears all."""
    if sent is None:
        return {}
    merged = {**(current or {}), **sent}
    return {part: url for part, url in merged.items() if url is not None}

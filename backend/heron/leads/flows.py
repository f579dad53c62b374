"""Lead conversion: a lead becomes a contact, maybe a company and maybe a deal, in one
transaction (POST /leads/{lead_id}/convert).

The flow first decides everything (which records to reuse, which to make, with what) and
checks every id, every right and the owner; only then does it write, through each kind's own
service, so the new records get their usual rules and `.created` events. Any refusal happens
before the first write, and the request's transaction makes a later failure write nothing too.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from heron.activities.repository import RecordLookup
from heron.activities.schemas import LOGGED_KINDS
from heron.auth.access import Access
from heron.companies.service import CompanyService
from heron.contacts.service import ContactService
from heron.custom_fields.values import Invalid, coerce, is_empty
from heron.deals.service import DealService
from heron.kit.errors import Conflict, PermissionDenied, ValidationFailed
from heron.kit.validators import normalize_domain
from heron.leads.schemas import (
    ConversionCreated,
    ConversionResult,
    ConvertCompany,
    ConvertContact,
    ConvertDeal,
    LeadConvert,
)
from heron.leads.service import LeadService, split_name
from heron.models import Company, Contact, Deal, Lead
from heron.records.visibility import assert_may_assign, within_scope
from heron.roles.matrix import Action, Scope, scope_for
from heron.tags.records import tags_by_record

# An address at one of these says nothing about the person's company.
FREE_MAIL = frozenset({
    "gmail.com", "googlemail.com", "yahoo.com", "hotmail.com", "outlook.com", "live.com",
    "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de",
    "web.de", "mail.ru", "yandex.ru", "qq.com", "163.com",
})  # fmt: skip
PLURALS = {"company": "companies", "contact": "contacts", "deal": "deals"}
NAME_MAX, PERSON_NAME_MAX = 200, 100


@dataclass
class Plan:
    """What the conversion will do, decided before anything is written."""

    owner_id: uuid.UUID | None
    company: Company | None = None  # an existing company to use
    new_company: dict[str, Any] | None = None  # or the values of a new one
    contact: Contact | None = None  # an existing contact; None: a new one
    deal: dict[str, Any] | None = None  # the values of a new deal, or no deal
    creates: list[str] = field(default_factory=list)  # the kinds to create


def lead_domain(lead: Lead) -> str | None:
    """The lead's company's web domain: from its website, else its e-mail address unless that
    is at a free-mail provider."""
    candidates = [lead.website]
    if lead.email and "@" in lead.email:
        domain = lead.email.rsplit("@", 1)[1].lower()
        candidates.append(None if domain in FREE_MAIL else domain)
    for text in candidates:
        if text:
            try:
                return normalize_domain(text)
            except ValueError:
                continue
    return None


class LeadConversion:
    def __init__(self, session: AsyncSession, access: Access) -> None:
        self.session = session
        self.subject = access.subject
        self.leads = LeadService(session, access)
        self.companies = CompanyService(session, access)
        self.contacts = ContactService(session, access)
        self.deals = DealService(session, access)

    async def convert(
        self, lead_id: uuid.UUID, body: LeadConvert, expected: int | None
    ) -> tuple[Lead, ConversionResult]:
        """Convert a lead the caller may change, at the version they saw (If-Match)."""
        lead = await self.leads.get_convertible(lead_id, expected)
        plan = Plan(owner_id=body.owner_id or lead.owner_id or self.subject.person_id)
        await self._plan_company(plan, lead, body.company)
        await self._plan_contact(plan, lead, body.contact)
        await self._plan_deal(plan, lead, body.deal)
        await self._assert_allowed(plan, body.owner_id is not None)
        return lead, await self._write(plan, lead)

    # Deciding
    async def _plan_company(self, plan: Plan, lead: Lead, choice: ConvertCompany) -> None:
        if choice.mode == "none":
            return
        repo = self.companies.repo
        if choice.company_id is not None:  # mode "existing"
            plan.company = (await repo.many([choice.company_id])).get(choice.company_id)
            if plan.company is None:
                raise ValidationFailed.field(
                    ("body", "company", "company_id"),
                    "No company with this id that you can see in your organization.",
                )
            return
        domain = lead_domain(lead)
        taken = await repo.by_domain(domain) if domain else None
        if taken is not None:
            # Domains are unique per organization: the lead's company exists, so it is never
            # made twice, even when the caller cannot see it.
            if choice.mode == "auto" and within_scope(taken, self.subject, repo.read_scope):
                plan.company = taken
                return
            raise Conflict(_domain_taken(domain, taken, repo.read_scope, self.subject))
        if choice.mode == "auto" and lead.company_name:
            named = await repo.by_name(lead.company_name)
            if named:
                plan.company = named[0]
                return
        name = choice.name or lead.company_name or domain
        if not name:
            if choice.mode == "auto":
                return
            raise ValidationFailed.field(
                ("body", "company", "name"),
                "The lead has no company name or web domain to name a new company after; give "
                "`company.name`.",
            )
        values: dict[str, Any] = {"name": name[:NAME_MAX], "domain": domain}
        if domain and _website_domain(lead) == domain:
            values["website"] = lead.website
        plan.new_company = values
        plan.creates.append("company")

    async def _plan_contact(self, plan: Plan, lead: Lead, choice: ConvertContact) -> None:
        if choice.contact_id is not None:  # mode "existing"
            found = await self.contacts.repo.many([choice.contact_id])
            plan.contact = found.get(choice.contact_id)
            if plan.contact is None:
                raise ValidationFailed.field(
                    ("body", "contact", "contact_id"),
                    "No contact with this id that you can see in your organization.",
                )
            return
        if choice.mode == "auto" and lead.email:
            same = await self.leads.repo.contacts_with_email(lead.email)
            if same:
                plan.contact = same[0]
                return
        plan.creates.append("contact")

    async def _plan_deal(self, plan: Plan, lead: Lead, choice: ConvertDeal | None) -> None:
        if choice is None:
            return
        pipelines = self.deals.pipelines
        if choice.pipeline_id is not None:
            pipeline = await pipelines.get(choice.pipeline_id)
            if pipeline is None:
                raise ValidationFailed.field(
                    ("body", "deal", "pipeline_id"),
                    "No pipeline with this id in your organization.",
                )
        else:
            pipeline = await pipelines.default_pipeline()
            if pipeline is None:
                raise ValidationFailed.field(
                    ("body", "deal", "pipeline_id"),
                    "Your organization has no default pipeline; name the deal's pipeline.",
                )
        if choice.stage_id is not None:
            stage = await pipelines.get_stage(choice.stage_id)
            if stage is None:
                raise ValidationFailed.field(
                    ("body", "deal", "stage_id"), "No stage with this id in your organization."
                )
            if stage.pipeline_id != pipeline.id:
                raise ValidationFailed.field(
                    ("body", "deal", "stage_id"),
                    f"The stage '{stage.name}' belongs to another pipeline than "
                    f"'{pipeline.name}'; choose one of its stages or give its `pipeline_id`.",
                )
        else:
            stage = await pipelines.first_open_stage(pipeline.id)
            if stage is None:
                raise ValidationFailed.field(
                    ("body", "deal", "stage_id"),
                    f"The pipeline '{pipeline.name}' has no open stage; name the deal's stage.",
                )
        company_name = plan.company.name if plan.company else (plan.new_company or {}).get("name")
        name = choice.name or f"{company_name or lead.name} deal"
        plan.deal = {
            "name": name[:NAME_MAX],
            "pipeline_id": pipeline.id,
            "stage_id": stage.id,
            "amount": choice.amount,
            "currency": choice.currency,
            "expected_close_date": choice.expected_close_date,
        }
        plan.creates.append("deal")

    async def _assert_allowed(self, plan: Plan, owner_given: bool) -> None:
        """The caller's role may create every kind the plan makes and give them to the owner,
        and the owner is a member (checked here, so a refusal comes before any write)."""
        role = self.subject.role
        missing = [k for k in plan.creates if scope_for(role, k, Action.create) is Scope.none]
        if missing:
            what = " and ".join(PLURALS[k] for k in missing)
            raise PermissionDenied(
                f"Your role may not create {what}, which this conversion would create."
            )
        checked = plan.creates or owner_given
        if checked and plan.owner_id not in await self.leads.repo.member_ids():
            raise ValidationFailed.field(
                ("body", "owner_id"),
                f"The owner must be a member of your organization: {plan.owner_id}."
                if owner_given
                else "The lead's owner is no longer a member; give `owner_id`.",
            )
        for kind in plan.creates:
            assert_may_assign(plan.owner_id, self.subject, scope_for(role, kind, Action.update))

    # Writing
    async def _write(self, plan: Plan, lead: Lead) -> ConversionResult:
        company = plan.company
        if plan.new_company is not None:
            with _as_part("company"):
                company = await self.companies.create(
                    plan.new_company | {"owner_id": plan.owner_id}
                )
        contact = plan.contact
        if contact is None:
            contact = await self._new_contact(plan, lead, company)
        else:
            await self._complete_contact(contact, lead, company)
        deal: Deal | None = None
        if plan.deal is not None:
            values = plan.deal | {
                "owner_id": plan.owner_id,
                "company_id": company.id if company else None,
                "contacts": [{"contact_id": contact.id, "primary": True}],
            }
            with _as_part("deal"):
                deal = await self.deals.create(values)
        moved = await self._copy_activities(lead, contact, company, deal)
        created = ConversionCreated(
            contact=plan.contact is None,
            company=plan.new_company is not None,
            deal=deal is not None,
        )
        await self.leads.mark_converted(
            lead,
            contact_id=contact.id,
            company_id=company.id if company else None,
            deal_id=deal.id if deal else None,
            details={"created": created.model_dump(), "activities": moved},
        )
        return ConversionResult(
            lead=await self.leads.one(lead),
            contact=await self.contacts.one(contact),
            company=await self.companies.one(company) if company else None,
            deal=await self.deals.one(deal) if deal else None,
            created=created,
        )

    async def _new_contact(self, plan: Plan, lead: Lead, company: Company | None) -> Contact:
        first, last = split_name(lead.name)
        values: dict[str, Any] = {
            "first_name": first[:PERSON_NAME_MAX] if first else None,
            "last_name": last[:PERSON_NAME_MAX] if last else None,
            "emails": [{"email": lead.email, "primary": True}] if lead.email else [],
            "phones": [{"number": lead.phone, "primary": True}] if lead.phone else [],
            "job_title": lead.title,
            "source": lead.source,
            "company_id": company.id if company else None,
            "owner_id": plan.owner_id,
        }
        custom, tag_ids = await self._custom_values(lead, None), await self._tag_ids(lead)
        with _as_part("contact"):
            contact: Contact = await self.contacts.create(values, custom=custom, tag_ids=tag_ids)
        return contact

    async def _complete_contact(
        self, contact: Contact, lead: Lead, company: Company | None
    ) -> None:
        """An existing contact gets the company (when it has none), the lead's tags and the
        custom values it lacks, in one update; but only when the caller may change it: a
        contact the caller may only see is used as it is."""
        if not within_scope(contact, self.subject, self.contacts.scope(Action.update)):
            return
        values = {"company_id": company.id} if company and contact.company_id is None else {}
        lead_tags = await self._tag_ids(lead)
        tag_ids = None
        if lead_tags:
            found = await tags_by_record(self.session, contact.org_id, "contact", [contact.id])
            tag_ids = list(dict.fromkeys([t.id for t in found[contact.id]] + lead_tags))
        custom = await self._custom_values(lead, contact.custom)
        if values or custom or tag_ids:
            await self.contacts.update(
                contact.id, values, contact.version, custom=custom, tag_ids=tag_ids
            )

    async def _tag_ids(self, lead: Lead) -> list[uuid.UUID]:
        found = await tags_by_record(self.session, lead.org_id, "lead", [lead.id])
        return [t.id for t in found[lead.id]]

    async def _custom_values(self, lead: Lead, existing: dict[str, Any] | None) -> dict[str, Any]:
        """The lead's custom values for a contact: those whose key is a contact field of the
        same type and whose value fits it (an option the contact field lacks does not), and
        that the contact (``existing``) has no value for yet."""
        sources = {f.key: f for f in await self.leads.repo.custom_fields()}
        targets = {f.key: f for f in await self.contacts.repo.custom_fields()}
        members = await self.contacts.repo.member_ids()
        copied: dict[str, Any] = {}
        for key, value in lead.custom.items():
            source, target = sources.get(key), targets.get(key)
            if source is None or target is None or source.type != target.type or is_empty(value):
                continue
            if existing is not None and not is_empty(existing.get(key)):
                continue
            try:
                copied[key] = coerce(target, value, members)
            except Invalid:
                continue
        return copied

    async def _copy_activities(
        self, lead: Lead, contact: Contact, company: Company | None, deal: Deal | None
    ) -> int:
        """Link the lead's activities to what it became too; the lead keeps its links, so its
        timeline stays whole. How many activities there were."""
        repo = self.leads.repo
        ids = await repo.activity_ids(lead.id)
        if not ids:
            return 0
        for kind, row in (("contact", contact), ("company", company), ("deal", deal)):
            if row is not None:
                await repo.link_activities(ids, kind, row.id)
        latest = await repo.last_logged_at(ids, LOGGED_KINDS)
        if latest is not None:
            await RecordLookup(self.session, self.subject).touch_contacts([contact.id], latest)
            # That UPDATE leaves the version alone, and so must the loaded row: the answer
            # shows the new value without making it a change of the contact.
            known = contact.last_activity_at
            set_committed_value(contact, "last_activity_at", max(latest, known or latest))
        return len(ids)


@contextmanager
def _as_part(kind: str) -> Iterator[None]:
    """A kind's own refusal of the record the conversion makes (a required custom field the
    lead has no value for), located at that part of the conversion's body."""
    try:
        yield
    except ValidationFailed as exc:
        details = [
            {**d, "loc": ["body", kind, *d["loc"][1:]]} if d.get("loc", [None])[0] == "body" else d
            for d in exc.details
        ]
        raise ValidationFailed(f"The new {kind}: {exc.message}", details=details) from exc


def _website_domain(lead: Lead) -> str | None:
    try:
        return normalize_domain(lead.website) if lead.website else None
    except ValueError:
        return None


def _domain_taken(domain: str | None, taken: Company, scope: Scope, subject: Any) -> str:
    if within_scope(taken, subject, scope):
        return (
            f"The company '{taken.name}' ({taken.id}) already has the domain {domain}: convert "
            "with company mode `existing` (or `auto`) to use it."
        )
    return (
        f"A company with the domain {domain} already exists, one you cannot see; ask its owner "
        "or an admin, or convert without a company."
    )

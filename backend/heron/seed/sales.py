"""The demo organization's sales records: custom fields, tags, a second pipeline, companies,
contacts, leads, deals in every stage, and activities, with tasks due around today.

Everything goes through the domain services with the Subject of the member who owns the record
(or of the Owner for the workspace's shape), so the events, search text, positions and checks
are those of real use. The tables are in sales_data.py; times count from the seeding moment.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from heron.activities.schemas import ActivityCreate
from heron.activities.service import ActivityService
from heron.auth.access import Access
from heron.auth.repository import AuthRepository
from heron.companies.schemas import CompanyCreate
from heron.companies.service import CompanyService
from heron.contacts.schemas import ContactCreate
from heron.contacts.service import ContactService
from heron.custom_fields.schemas import CustomFieldCreate
from heron.custom_fields.service import CustomFieldService
from heron.deals.schemas import DealCreate
from heron.deals.service import DealService
from heron.kit.subject import ActorType, Subject
from heron.leads.schemas import LeadCreate
from heron.leads.service import LeadService
from heron.models import Organization, User
from heron.models.base import utcnow
from heron.models.pipeline import Stage
from heron.pipelines.schemas import PipelineCreate, StageIn, StageUpdate
from heron.pipelines.service import PipelineService
from heron.roles.matrix import Action, has_team_scope, scope_for
from heron.seed import sales_data as data
from heron.tags.schemas import TagCreate
from heron.tags.service import TagService

RENEWALS_PIPELINE = "Renewals"


@dataclass
class Desk:
    """Who acts in the demo organization, and what has been made so far (by key)."""

    session: AsyncSession
    org: Organization
    now: datetime
    subjects: dict[str, Subject]  # member key ("owner", "sales", ...) -> their Subject
    tags: dict[str, uuid.UUID] = field(default_factory=dict)
    companies: dict[str, Any] = field(default_factory=dict)
    contacts: dict[str, Any] = field(default_factory=dict)
    deals: dict[str, Any] = field(default_factory=dict)
    stages: dict[tuple[str, str], Stage] = field(default_factory=dict)

    def access(self, who: str, resource: str, action: Action) -> Access:
        subject = self.subjects[who]
        return Access(
            subject=subject,
            scope=scope_for(subject.role, resource, action),
            resource=resource,
            action=action,
        )

    def person(self, who: str) -> uuid.UUID:
        person = self.subjects[who].person_id
        assert person is not None
        return person

    def tag_ids(self, names: tuple[str, ...]) -> list[uuid.UUID] | None:
        return [self.tags[n] for n in names] or None

    def day(self, days: float) -> datetime:
        return self.now + timedelta(days=days)


async def subject_of(session: AsyncSession, org: Organization, user: User, role: str) -> Subject:
    """The Subject a member's signed-in request would have (with the teams they manage)."""
    team: frozenset[uuid.UUID] = frozenset()
    if has_team_scope(role):
        managed = await AuthRepository(session).managed_team_user_ids(org.id, user.id)
        team = frozenset(managed | {user.id})
    return Subject(
        actor_type=ActorType.user, org_id=org.id, role=role, user_id=user.id, team_user_ids=team
    )


async def seed_sales(
    session: AsyncSession, org: Organization, subjects: dict[str, Subject]
) -> None:
    """Add the sales records to ``org``; ``subjects`` holds "owner", "manager", "sales" and
    "sales2" (the Owner stands in for any of them who is missing)."""
    everyone = {key: subjects.get(key, subjects["owner"]) for key in data.MEMBER_KEYS}
    desk = Desk(session=session, org=org, now=utcnow(), subjects=everyone)
    await _workspace(desk)
    await _pipelines(desk)
    await _companies(desk)
    await _contacts(desk)
    await _leads(desk)
    await _deals(desk)
    await _activities(desk)


async def _workspace(desk: Desk) -> None:
    """Tags and the companies' custom fields, made by the Owner."""
    tags = TagService(desk.session, desk.access("owner", "tag", Action.create))
    for name, color in data.TAGS:
        desk.tags[name] = (await tags.create(TagCreate(name=name, color=color))).id
    fields = CustomFieldService(desk.session, desk.access("owner", "custom_field", Action.create))
    options = [{"value": v, "label": label, "color": c} for v, label, c in data.TIERS]
    await fields.create(
        CustomFieldCreate.model_validate(
            {"record_kind": "company", "key": "tier", "label": "Tier", "type": "select",
             "options": options, "help_text": "The support tier in the contract.",
             "position": 0}
        )
    )  # fmt: skip
    await fields.create(
        CustomFieldCreate.model_validate(
            {"record_kind": "company", "key": "renewal_date", "label": "Renewal date",
             "type": "date", "help_text": "When the current contract ends.", "position": 1}
        )
    )  # fmt: skip


async def _pipelines(desk: Desk) -> None:
    """Staleness limits on the default pipeline's late stages, and the "Renewals" pipeline."""
    service = PipelineService(desk.session, desk.access("owner", "pipeline", Action.update))
    default = await service.repo.default_pipeline()
    assert default is not None  # every organization is made with one
    limits = dict(data.SALES_STAGE_LIMITS)
    for stage in await service.repo.stages_of(default.id):
        if stage.name in limits:
            body = StageUpdate(rotting_days=limits[stage.name])
            stage = await service.update_stage(default.id, stage.id, body, stage.version)
        desk.stages[(data.SALES, stage.name)] = stage
    renewals = await service.create(
        PipelineCreate(
            name=RENEWALS_PIPELINE,
            stages=[
                StageIn(name=name, probability=p, kind=kind, rotting_days=days)
                for name, p, kind, days in data.RENEWAL_STAGES
            ],
        )
    )
    for stage in await service.repo.stages_of(renewals.id):
        desk.stages[(data.RENEWALS, stage.name)] = stage


async def _companies(desk: Desk) -> None:
    for c in data.COMPANIES:
        custom: dict[str, Any] = {"tier": c.tier}
        if c.renewal_in_days is not None:
            custom["renewal_date"] = desk.day(c.renewal_in_days).date().isoformat()
        body = CompanyCreate(
            name=c.name,
            domain=c.domain,
            website=f"https://www.{c.domain}",
            industry=c.industry,
            employee_count=c.employees,
            address={"city": c.city, "country": c.country},
            tag_ids=desk.tag_ids(c.tags),
            custom=custom,
        )
        service = CompanyService(desk.session, desk.access(c.owner, "company", Action.create))
        desk.companies[c.key] = await service.create_from(body)


async def _contacts(desk: Desk) -> None:
    by_key = {c.key: c for c in data.COMPANIES}
    for p in data.CONTACTS:
        company = by_key[p.company]
        body = ContactCreate.model_validate(
            {
                "first_name": p.first,
                "last_name": p.last,
                "emails": [{"email": p.email(company.domain), "label": "work", "primary": True}],
                "phones": [{"number": p.phone, "label": "work"}],
                "job_title": p.title,
                "company_id": desk.companies[p.company].id,
                "lifecycle_status": "customer",
                "address": {"city": company.city, "country": company.country},
                "tag_ids": desk.tag_ids(p.tags),
            }
        )
        access = desk.access(company.owner, "contact", Action.create)
        desk.contacts[p.key] = await ContactService(desk.session, access).create_from(body)


async def _leads(desk: Desk) -> None:
    for lead in data.LEADS:
        body = LeadCreate(
            name=lead.name,
            email=lead.email,
            company_name=lead.company_name,
            title=lead.title,
            source=lead.source,
            status=lead.status,
            score=lead.score,
        )
        access = desk.access(lead.owner, "lead", Action.create)
        await LeadService(desk.session, access).create_from(body)


async def _deals(desk: Desk) -> None:
    for d in data.DEALS:
        stage = desk.stages[(d.pipeline, d.stage)]
        body = DealCreate(
            name=d.name,
            amount=Decimal(d.amount),
            pipeline_id=stage.pipeline_id,
            stage_id=stage.id,
            expected_close_date=desk.day(d.close_in_days).date(),
            lost_reason=d.lost_reason,
            company_id=desk.companies[d.company].id,
            contacts=[{"contact_id": desk.contacts[d.contact].id, "primary": True}],
            tag_ids=desk.tag_ids(d.tags),
        )
        service = DealService(desk.session, desk.access(d.owner, "deal", Action.create))
        row = await service.create_from(body)
        if d.stale_days is not None:
            # No API backdates a stage entry: the demo shows deals that have sat for weeks.
            row.stage_entered_at = desk.day(-d.stale_days)
            await desk.session.flush()
        desk.deals[d.name] = row


async def _activities(desk: Desk) -> None:
    tonight = _tonight(desk)
    for a in data.ACTIVITIES:
        kind, key = a.about
        record = {"company": desk.companies, "contact": desk.contacts, "deal": desk.deals}[kind]
        values: dict[str, Any] = {
            "kind": a.kind,
            "subject": a.subject,
            "body": a.body,
            "links": [{"record_kind": kind, "record_id": record[key].id}],
        }
        if a.kind == "task":
            # "Today" halfway between now and midnight, so it is due today whenever seeded.
            due = desk.now + (tonight - desk.now) / 2 if a.days == data.TODAY else desk.day(a.days)
            values["due_at"] = due
            values["assignee_id"] = desk.person(a.assignee or a.owner)
            if a.done:
                values["done_at"] = desk.now
        else:
            values |= {
                "done_at": desk.day(a.days),
                "duration_minutes": a.minutes,
                "outcome": a.outcome,
            }
        access = desk.access(a.owner, "activity", Action.create)
        await ActivityService(desk.session, access).create(ActivityCreate.model_validate(values))


def _tonight(desk: Desk) -> datetime:
    """Midnight at the end of today in the organization's time zone (as "my tasks" counts)."""
    zone = ZoneInfo(desk.org.time_zone or "UTC")
    tomorrow = desk.now.astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time(0), tzinfo=zone).astimezone(desk.now.tzinfo)

"""The generated organization's shape, made through the domain services as the API would make
it: its people and team, tags, custom fields and pipelines. The bulk rows (rows.py) refer to
what is made here; only they bypass the services, for speed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.auth.secrets import hash_password
from heron.custom_fields.schemas import CustomFieldCreate
from heron.custom_fields.service import CustomFieldService
from heron.kit.subject import ActorType, Subject
from heron.models import CustomField, Organization, User
from heron.orgs.service import create_organization
from heron.pipelines.repository import PipelineRepository
from heron.pipelines.schemas import PipelineCreate
from heron.pipelines.service import PipelineService
from heron.roles.matrix import Action, Role, scope_for
from heron.seed.accounts import AccountError, add_member, add_user, check_password
from heron.seed.bulk.sizes import Size
from heron.seed.bulk.vocabulary import TAGS
from heron.seed.repository import SeedRepository
from heron.tags.schemas import TagCreate
from heron.tags.service import TagService
from heron.teams.schemas import TeamCreate
from heron.teams.service import TeamService

# (key, role, full name); e-mail addresses are ``<key>.<size>@bench.example``.
MEMBERS: tuple[tuple[str, Role, str], ...] = (
    ("owner", Role.owner, "Olivia Owner"),
    ("admin", Role.admin, "Adam Admin"),
    ("manager", Role.manager, "Maya Manager"),
    ("sales1", Role.sales, "Sam Seller"),
    ("sales2", Role.sales, "Sasha Seller"),
    ("sales3", Role.sales, "Selma Seller"),
    ("sales4", Role.sales, "Simon Seller"),
    ("sales5", Role.sales, "Sofia Seller"),
    ("sales6", Role.sales, "Stan Seller"),
    ("support", Role.support, "Suki Support"),
    ("viewer", Role.viewer, "Victor Viewer"),
)
TEAM_MEMBERS = ("manager", "sales1", "sales2", "sales3")
# Who owns the records, most by the sales people (earlier ones more).
RECORD_OWNERS = ("sales1", "sales2", "sales3", "sales4", "sales5", "sales6", "manager", "owner")

# (name, currency, stages as (name, probability, kind)); the default pipeline comes with
# every organization (heron.pipelines.service.DEFAULT_STAGES).
OTHER_PIPELINES: tuple[tuple[str, str, tuple[tuple[str, int, str], ...]], ...] = (
    ("Renewals", "EUR", (("Due", 60, "open"), ("Contacted", 70, "open"),
                         ("Negotiating", 80, "open"), ("Renewed", 100, "won"),
                         ("Churned", 0, "lost"))),
    ("Partnerships", "USD", (("Identified", 10, "open"), ("Talking", 30, "open"),
                             ("Agreement", 70, "open"), ("Signed", 100, "won"),
                             ("Dropped", 0, "lost"))),
    ("Enterprise", "USD", (("Discovery", 5, "open"), ("Solution design", 20, "open"),
                           ("Proposal", 40, "open"), ("Procurement", 60, "open"),
                           ("Legal", 80, "open"), ("Won", 100, "won"), ("Lost", 0, "lost"))),
)  # fmt: skip

TIERS = (
    ("gold", "Gold", "#f59e0b"),
    ("silver", "Silver", "#94a3b8"),
    ("bronze", "Bronze", "#b45309"),
)
REGIONS = (
    ("emea", "EMEA", "#2563eb"),
    ("amer", "Americas", "#16a34a"),
    ("apac", "APAC", "#db2777"),
)
SEGMENTS = (
    ("smb", "SMB", "#64748b"),
    ("mid", "Mid-market", "#0ea5e9"),
    ("enterprise", "Enterprise", "#7c3aed"),
)
FORECASTS = (("pipeline", "Pipeline", "#94a3b8"), ("best_case", "Best case", "#0ea5e9"),
             ("commit", "Commit", "#16a34a"))  # fmt: skip


def _options(items: tuple[tuple[str, str, str], ...]) -> list[dict[str, str]]:
    return [{"value": v, "label": label, "color": c} for v, label, c in items]


# (kind, key, label, type, options)
CUSTOM_FIELDS: tuple[tuple[str, str, str, str, list[dict[str, str]]], ...] = (
    ("contact", "tier", "Tier", "select", _options(TIERS)),
    ("contact", "region", "Region", "select", _options(REGIONS)),
    ("contact", "score", "Score", "number", []),
    ("contact", "newsletter", "Newsletter", "boolean", []),
    ("contact", "birthday", "Birthday", "date", []),
    ("company", "tier", "Tier", "select", _options(TIERS)),
    ("company", "segment", "Segment", "select", _options(SEGMENTS)),
    ("company", "renewal_date", "Renewal date", "date", []),
    ("deal", "forecast", "Forecast", "select", _options(FORECASTS)),
    ("deal", "competitor", "Competitor", "text", []),
    ("lead", "campaign", "Campaign", "text", []),
)


@dataclass(frozen=True)
class StageInfo:
    id: uuid.UUID
    name: str
    kind: str
    probability: int


@dataclass(frozen=True)
class PipelineInfo:
    id: uuid.UUID
    name: str
    currency: str
    is_default: bool
    stages: tuple[StageInfo, ...]


@dataclass
class Workspace:
    org_id: uuid.UUID
    size: Size
    people: dict[str, uuid.UUID]  # member key -> user id
    tags: list[tuple[uuid.UUID, str]]  # (id, name), in TAGS order
    pipelines: list[PipelineInfo]  # the default first
    fields: dict[str, list[CustomField]] = field(default_factory=dict)

    @property
    def owner_ids(self) -> list[uuid.UUID]:
        return [self.people[k] for k in RECORD_OWNERS]


def org_name(size: Size) -> str:
    return f"Bench {size.name}"


def email_of(key: str, size: Size) -> str:
    return f"{key}.{size.name}@bench.example"


async def make_workspace(session: AsyncSession, size: Size, password: str) -> Workspace:
    """The organization with its members, team, tags, custom fields and pipelines; refused
    (AccountError) when this size's organization exists already."""
    check_password(password)
    name = org_name(size)
    if await SeedRepository(session).orgs_named(name):
        raise AccountError(
            f'"{name}" exists already in this database: use another database, or delete it.'
        )
    hashed = hash_password(password)  # one hash for everyone: argon2 is slow on purpose
    users: dict[str, User] = {}
    org: Organization | None = None
    for key, role, full_name in MEMBERS:
        users[key] = await add_user(session, email_of(key, size), full_name, hashed)
        if org is None:
            org, _ = await create_organization(session, users[key], name)
        else:
            await add_member(session, org, users[key], role)
    assert org is not None
    owner = Subject(
        actor_type=ActorType.user, org_id=org.id, role=Role.owner, user_id=users["owner"].id
    )
    await _team(session, owner, users)
    tags = await _tags(session, owner)
    fields = await _custom_fields(session, owner)
    pipelines = await _pipelines(session, owner)
    return Workspace(
        org_id=org.id,
        size=size,
        people={k: u.id for k, u in users.items()},
        tags=tags,
        pipelines=pipelines,
        fields=fields,
    )


def _access(subject: Subject, resource: str, action: Action) -> Access:
    return Access(
        subject=subject,
        scope=scope_for(subject.role, resource, action),
        resource=resource,
        action=action,
    )


async def _team(session: AsyncSession, owner: Subject, users: dict[str, User]) -> None:
    await TeamService(session, _access(owner, "team", Action.create)).create(
        TeamCreate(
            name="Field sales",
            description="The manager's team: their records are the manager's to see.",
            manager_id=users["manager"].id,
            member_ids=[users[k].id for k in TEAM_MEMBERS],
        )
    )


async def _tags(session: AsyncSession, owner: Subject) -> list[tuple[uuid.UUID, str]]:
    service = TagService(session, _access(owner, "tag", Action.create))
    made = []
    for name, color in TAGS:
        tag = await service.create(TagCreate(name=name, color=color))
        made.append((tag.id, tag.name))
    return made


async def _custom_fields(session: AsyncSession, owner: Subject) -> dict[str, list[CustomField]]:
    service = CustomFieldService(session, _access(owner, "custom_field", Action.create))
    made: dict[str, list[CustomField]] = {}
    for position, (kind, key, label, type_, options) in enumerate(CUSTOM_FIELDS):
        body: dict[str, Any] = {
            "record_kind": kind, "key": key, "label": label, "type": type_,
            "options": options, "position": position,
        }  # fmt: skip
        made.setdefault(kind, []).append(
            await service.create(CustomFieldCreate.model_validate(body))
        )
    return made


async def _pipelines(session: AsyncSession, owner: Subject) -> list[PipelineInfo]:
    service = PipelineService(session, _access(owner, "pipeline", Action.create))
    repo = PipelineRepository(session, owner)
    default = await repo.default_pipeline()
    assert default is not None  # every organization is made with one
    made = [default]
    for name, currency, stages in OTHER_PIPELINES:
        body = PipelineCreate.model_validate(
            {"name": name, "currency": currency,
             "stages": [{"name": n, "probability": p, "kind": k} for n, p, k in stages]}
        )  # fmt: skip
        made.append(await service.create(body))
    found = []
    for pipeline in made:
        columns = await repo.stages_of(pipeline.id)
        found.append(
            PipelineInfo(
                id=pipeline.id,
                name=pipeline.name,
                currency=pipeline.currency,
                is_default=pipeline.is_default,
                stages=tuple(StageInfo(s.id, s.name, s.kind, s.probability) for s in columns),
            )
        )
    return found

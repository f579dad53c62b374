"""Organizations with one of everything, put in the database with the ORM models directly.

The generated suites act on these records: org B's in the tenant suite (to prove org A cannot
reach them), and records of the caller's own in the role suite (so that ``own`` and ``team``
scopes allow the call). When a new kind of record arrives, add it to ``Targets`` here and name
its path parameter in samples.py.

Rows get their ids before they are added and are flushed once per arrangement: the suites
arrange hundreds of organizations per run.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.secrets import (
    API_KEY_PREFIX,
    create_access_token,
    hash_password,
    hash_secret,
    new_secret,
)
from heron.config import Settings
from heron.exports import links
from heron.files.store import FileStore, file_store
from heron.kit.ids import uuid7
from heron.models import (
    Activity,
    ActivityLink,
    ApiKey,
    CalendarFeed,
    Company,
    Contact,
    ContactEmail,
    CustomField,
    DataImport,
    Deal,
    Event,
    ImportChange,
    Invitation,
    Job,
    Lead,
    Membership,
    Organization,
    Pipeline,
    RefreshToken,
    SavedView,
    Stage,
    Tag,
    Team,
    TeamMember,
    User,
    UserToken,
)
from heron.models.base import utcnow
from heron.roles.matrix import Role
from tests.helpers.factories import PASSWORD, Member

VERIFY_EMAIL = "verify_email"
RESET_PASSWORD = "reset_password"


def unique(prefix: str) -> str:
    """A value no other row has; the suffix makes leaks easy to spot in a response."""
    return f"{prefix} {uuid7().hex[-10:]}"


@lru_cache(maxsize=1)
def _password_hash() -> str:
    return hash_password(PASSWORD)  # argon2 is slow on purpose: once per run


@dataclass
class Targets:
    """Records that ``actor`` may act on: they manage the team, sent the invitation, made the
    key; the members are Viewers (every role with member rights may change a Viewer)."""

    actor: Member
    team: Team
    team_member: Member  # a Viewer in ``team``: the ``{user_id}`` of member and team routes
    spare: Member  # a Viewer in no team: for routes that add someone
    invitation: Invitation  # pending
    invitation_token: str  # the secret of ``invitation``'s link
    welcome_token: str  # a pending invitation of another organization, sent to ``actor``
    api_key: ApiKey
    api_key_secret: str
    other_session_id: uuid.UUID  # another signed-in session of ``actor``
    refresh_secret: str  # the refresh token of that session
    verify_token: str  # an unused e-mail confirmation token of ``actor``
    reset_token: str  # an unused password-reset token of ``actor``
    # Sales records, owned by ``actor``.
    company: Company
    trashed_company: Company  # deleted by ``actor``: the one the restore route brings back
    view: SavedView  # shared (so the Owner reads its ETag), made by ``actor``
    contact: Contact  # owned by ``actor``
    trashed_contact: Contact  # owned by ``actor``, in the trash (for restore)
    # Tags and custom fields.
    tag: Tag
    custom_field: CustomField  # a select field on companies
    pipeline: Pipeline  # not the default and without deals, so it may be deleted
    stages: list[Stage]  # its two stages (two, so that one may be deleted)
    lead: Lead  # owned by ``actor``
    trashed_lead: Lead  # owned by ``actor``, in the trash (for restore)
    # Deals: the default pipeline (two open stages), a deal of the actor's in its first stage
    # and another in the trash (for restore).
    deal_pipeline: Pipeline
    deal_stages: list[Stage]
    deal: Deal
    trashed_deal: Deal
    # Activities: an open task owned by ``actor``, linked to ``company``; one in the trash.
    activity: Activity
    trashed_activity: Activity
    # Merging: a second company and contact of ``actor``'s, merged into the ones above.
    other_company: Company
    other_contact: Contact
    # A finished job the actor started (an export), and a queued one (to cancel).
    job: Job
    queued_job: Job
    # Imports of the actor's: one uploaded (its file in the store) and one completed (with
    # an error file).
    data_import: DataImport
    completed_import: DataImport
    # The actor's calendar feed and the secret of its URL.
    feed: CalendarFeed | None = None
    feed_secret: str = ""
    # A finished list export of the actor's, its file in the store, and a download link to it.
    export_job: Job | None = None
    download_token: str = ""
    event_ids: list[uuid.UUID] = field(default_factory=list)

    def record_ids(self) -> set[uuid.UUID]:
        return {
            self.team.id,
            self.team_member.user.id,
            self.spare.user.id,
            self.invitation.id,
            self.api_key.id,
            self.other_session_id,
            self.actor.session_id,
            self.company.id,
            self.trashed_company.id,
            self.view.id,
            self.team_member.session_id,
            self.spare.session_id,
            self.contact.id,
            self.trashed_contact.id,
            self.tag.id,
            self.custom_field.id,
            self.pipeline.id,
            *(s.id for s in self.stages),
            self.deal_pipeline.id,
            *(s.id for s in self.deal_stages),
            self.deal.id,
            self.trashed_deal.id,
            self.activity.id,
            self.trashed_activity.id,
            *self.event_ids,
            self.lead.id,
            self.trashed_lead.id,
            self.other_company.id,
            self.other_contact.id,
            self.job.id,
            self.queued_job.id,
            *((self.feed.id,) if self.feed is not None else ()),
            *((self.export_job.id,) if self.export_job is not None else ()),
            self.data_import.id,
            self.completed_import.id,
        }


@dataclass
class OrgWorld:
    org: Organization
    owner: Member
    members: dict[Role, Member] = field(default_factory=dict)
    targets: Targets | None = None

    def member(self, role: Role | str) -> Member:
        return self.members[Role(role)]


class _Rows:
    """Rows to add in one flush."""

    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.rows: list[object] = []

    def add(self, *rows: object) -> None:
        self.rows.extend(rows)

    def org(self, prefix: str) -> Organization:
        org = Organization(id=uuid7(), name=unique(prefix))
        self.add(org)
        return org

    def member(self, org: Organization, role: Role) -> Member:
        """A user with ``role`` in ``org``, signed in (as factories.create_member makes)."""
        n = uuid7().hex[-10:]
        user = User(
            id=uuid7(),
            email=f"user-{n}@example.com",
            full_name=f"User {n}",
            password_hash=_password_hash(),
            email_verified_at=utcnow(),
        )
        family = uuid7()
        self.add(
            user,
            Membership(id=uuid7(), org_id=org.id, user_id=user.id, role=role.value),
            _refresh_token(user.id, org.id, family, new_secret()),
        )
        token, _ = create_access_token(
            self.settings, user_id=user.id, session_id=family, org_id=org.id
        )
        return Member(user=user, org=org, role=role.value, session_id=family, token=token)

    def event(self, org: Organization, entity: str, entity_id: uuid.UUID, actor: Member) -> Event:
        event = Event(
            id=uuid7(), org_id=org.id, type=f"{entity}.created", entity=entity,
            entity_id=entity_id, actor_type="user", actor_id=actor.user.id,
            changes={"generated": True},
        )  # fmt: skip
        self.add(event)
        return event

    async def flush(self) -> None:
        # Parents first, one flush per level: the unit of work orders rows by relationship(),
        # and these models have foreign keys without relationships.
        for level in _LEVELS:
            batch = [r for r in self.rows if isinstance(r, level)]
            if batch:
                self.session.add_all(batch)
                await self.session.flush()
        self.rows = []


_LEVELS: tuple[tuple[type, ...], ...] = (
    (Organization,),
    (User,),
    (
        Membership,
        Team,
        Invitation,
        ApiKey,
        RefreshToken,
        UserToken,
        Event,
        Tag,
        CustomField,
        CalendarFeed,
        Job,
        DataImport,
    ),
    (TeamMember, Pipeline, Company, SavedView, Lead),
    (Stage, Contact),
    (ContactEmail, Deal, Activity),
    (ActivityLink,),
)
# The tables whose every id and name secrets_of() collects.
TENANT_MODELS: tuple[type, ...] = (
    Membership, Team, Invitation, ApiKey, Event, Tag, CustomField, Company, SavedView, Pipeline,
    Stage, Contact, ContactEmail, Lead, Deal, Activity, CalendarFeed, Job, DataImport,
    ImportChange,
)  # fmt: skip


def _refresh_token(
    user_id: uuid.UUID, org_id: uuid.UUID, family: uuid.UUID, secret: str
) -> RefreshToken:
    return RefreshToken(
        user_id=user_id,
        family_id=family,
        token_hash=hash_secret(secret),
        org_id=org_id,
        expires_at=utcnow() + timedelta(days=1),
        user_agent="Generated tests",
        ip="192.0.2.7",
    )


def _invitation(org: Organization, inviter: Member, email: str) -> tuple[str, Invitation]:
    secret = new_secret()
    row = Invitation(
        id=uuid7(),
        org_id=org.id,
        email=email,
        role=Role.viewer.value,
        token_hash=hash_secret(secret),
        invited_by_id=inviter.user.id,
        expires_at=utcnow() + timedelta(days=7),
        last_sent_at=utcnow(),
    )
    return secret, row


def _user_token(actor: Member, purpose: str, ttl: timedelta) -> tuple[str, UserToken]:
    secret = new_secret()
    row = UserToken(
        user_id=actor.user.id,
        purpose=purpose,
        token_hash=hash_secret(secret),
        email=actor.user.email,
        expires_at=utcnow() + ttl,
    )
    return secret, row


def _api_key(org: Organization, creator: Member, role: Role) -> tuple[str, ApiKey]:
    secret = new_secret(API_KEY_PREFIX)
    key = ApiKey(
        id=uuid7(),
        org_id=org.id,
        name=unique("Key"),
        prefix=secret[:12],
        key_hash=hash_secret(secret),
        role=role.value,
        created_by_id=creator.user.id,
    )
    return secret, key


def _contact(org: Organization, owner: Member) -> Contact:
    n = uuid7().hex[-10:]
    email = f"contact-{n}@example.com"
    return Contact(
        id=uuid7(), org_id=org.id, owner_id=owner.user.id, created_by_id=owner.user.id,
        first_name="Contact", last_name=f"Person {n}", email=email,
        emails=[ContactEmail(id=uuid7(), org_id=org.id, email=email, is_primary=True)],
    )  # fmt: skip


def _deals(org: Organization, actor: Member) -> tuple[Pipeline, list[Stage], Deal, Deal]:
    """The default pipeline with two open stages, a deal of ``actor``'s in the first one and
    another of theirs in the trash."""
    pipeline = Pipeline(
        id=uuid7(), org_id=org.id, name=unique("Deal pipeline"), is_default=True,
        currency="EUR", position=1,
    )  # fmt: skip
    stages = [
        Stage(id=uuid7(), org_id=org.id, pipeline_id=pipeline.id, name=unique("Deal stage"),
              position=i, probability=p, kind="open")
        for i, p in enumerate((10, 60))
    ]  # fmt: skip
    deals = [
        Deal(id=uuid7(), org_id=org.id, name=unique("Deal"), amount=1000, currency="EUR",
             pipeline_id=pipeline.id, stage_id=stages[0].id, position=1024.0 * (i + 1),
             owner_id=actor.user.id, created_by_id=actor.user.id, custom={})
        for i in range(2)
    ]  # fmt: skip
    deals[1].deleted_at, deals[1].deleted_by_id = utcnow(), actor.user.id
    return pipeline, stages, deals[0], deals[1]


async def _imports(rows: _Rows, org: Organization, actor: Member) -> tuple[DataImport, DataImport]:
    """An uploaded import of ``actor``'s (its file in the store) and a completed one with an
    error file."""
    store = file_store(rows.settings)
    data = b"First Name,Last Name,Email\nAda,Lovelace,ada-world@example.com\n"
    upload = FileStore.new_name("imports", ".csv")
    await store.put(org.id, upload, data)
    errors = FileStore.new_name("imports", "-errors.csv")
    await store.put(org.id, errors, b"Row,First Name,Reason\n3,Bad,Bad row\n")
    headers = ["First Name", "Last Name", "Email"]
    source = {"format": "csv", "encoding": "utf-8", "delimiter": ",", "header_row": 0,
              "sheet": None, "headers": headers}  # fmt: skip
    plan = {"kind": "contact", "mapping": ["first_name", "last_name", "email"], "mode": "upsert",
            "match_on": "email", "companies": "match_or_create", "on_error": "abort",
            "date_order": "DMY", "decimal_separator": "."}  # fmt: skip
    common = {"org_id": org.id, "created_by_id": actor.user.id, "kind": "contact",
              "file_key": upload, "file_size": len(data), "source": source,
              "preview": [["Ada", "Lovelace", "ada-world@example.com"]], "plan": plan,
              "counts": {}, "problems": []}  # fmt: skip
    uploaded = DataImport(
        id=uuid7(), filename=unique("import") + ".csv", state="uploaded", **common
    )
    completed = DataImport(
        id=uuid7(), filename=unique("import") + ".csv", state="completed", errors_key=errors,
        last_pass="run", finished_at=utcnow(), **common,
    )  # fmt: skip
    rows.add(uploaded, completed)
    return uploaded, completed


def _custom_field(org: Organization) -> CustomField:
    return CustomField(
        id=uuid7(), org_id=org.id, record_kind="company", key=f"cf_{uuid7().hex[-10:]}",
        label=unique("Field"), type="select", required=False, default=None,
        options=[{"value": "gold", "label": "Gold", "color": "#f59e0b"}], position=0,
    )  # fmt: skip


def _pipeline(org: Organization) -> tuple[Pipeline, list[Stage]]:
    """A pipeline that is not the organization's default, with two stages and no deals."""
    pipeline = Pipeline(
        id=uuid7(), org_id=org.id, name=unique("Pipeline"), is_default=False, currency="EUR"
    )
    stages = [
        Stage(id=uuid7(), org_id=org.id, pipeline_id=pipeline.id, name=unique("Stage"),
              position=i, probability=p, kind=kind)
        for i, (p, kind) in enumerate(((20, "open"), (100, "won")))
    ]  # fmt: skip
    return pipeline, stages


async def _export(settings: Settings, org: Organization, actor: Member) -> tuple[Job, str]:
    """A finished contacts export of ``actor``'s with its file in the store, and a download
    link to that file."""
    name = f"exports/{uuid7().hex}.csv"
    stored = await file_store(settings).put(org.id, name, b"\xef\xbb\xbfName\r\n")
    result = {
        "file": name, "filename": "contacts.csv", "media_type": "text/csv; charset=utf-8",
        "bytes": stored.size, "rows": 0, "resource": "contact",
    }  # fmt: skip
    job = Job(
        id=uuid7(), org_id=org.id, kind="export.list", state="succeeded", params={},
        progress_done=0, progress_total=0, created_by_id=actor.user.id, attempts=1,
        started_at=utcnow(), finished_at=utcnow(), result=result,
    )  # fmt: skip
    token, _ = links.make(
        settings, org_id=org.id, user_id=actor.user.id, file=name, filename="contacts.csv",
        media_type=result["media_type"], resource="contact",
    )  # fmt: skip
    return job, token


async def arrange_org(
    session: AsyncSession, settings: Settings, roles: tuple[Role, ...] = tuple(Role)
) -> OrgWorld:
    """An organization whose Owner and one member per role in ``roles`` are signed in."""
    rows = _Rows(session, settings)
    org = rows.org("Org")
    owner = rows.member(org, Role.owner)
    world = OrgWorld(org=org, owner=owner)
    for role in roles:
        world.members[role] = rows.member(org, role)
    rows.event(org, "organization", org.id, owner)
    await rows.flush()
    return world


async def arrange_targets(
    session: AsyncSession, settings: Settings, world: OrgWorld, actor: Member
) -> Targets:
    """One of every record of ``world``'s organization, owned or managed by ``actor``."""
    rows = _Rows(session, settings)
    org = world.org
    team_member, spare = rows.member(org, Role.viewer), rows.member(org, Role.viewer)
    team = Team(
        id=uuid7(), org_id=org.id, name=unique("Team"), description="A team",
        manager_id=actor.user.id,
    )  # fmt: skip
    invitee = f"invitee-{uuid7().hex[-10:]}@example.com"
    invitation_token, invitation = _invitation(org, actor, invitee)
    elsewhere = rows.org("Elsewhere")
    welcome_token, welcome = _invitation(
        elsewhere, rows.member(elsewhere, Role.owner), actor.user.email
    )
    key_secret, api_key = _api_key(org, actor, Role.viewer)
    refresh_secret, other_session = new_secret(), uuid7()
    verify_token, verify_row = _user_token(actor, VERIFY_EMAIL, timedelta(hours=1))
    reset_token, reset_row = _user_token(actor, RESET_PASSWORD, timedelta(minutes=30))
    company = Company(
        id=uuid7(), org_id=org.id, name=unique("Company"), domain=f"{uuid7().hex[-10:]}.example",
        owner_id=actor.user.id, created_by_id=actor.user.id,
    )  # fmt: skip
    view = SavedView(
        id=uuid7(), org_id=org.id, record_kind="company", name=unique("View"),
        owner_id=actor.user.id, shared=True, columns=["name"],
    )  # fmt: skip
    trashed_company = Company(
        id=uuid7(), org_id=org.id, name=unique("Deleted company"), owner_id=actor.user.id,
        deleted_at=utcnow(), deleted_by_id=actor.user.id,
    )  # fmt: skip
    # Merging: the duplicates merged into ``company`` and ``contact``.
    other_company = Company(
        id=uuid7(), org_id=org.id, name=unique("Other company"),
        domain=f"{uuid7().hex[-10:]}.example", owner_id=actor.user.id, created_by_id=actor.user.id,
    )  # fmt: skip
    rows.add(company, trashed_company, view, other_company)
    # Activities.
    activity = Activity(
        id=uuid7(), org_id=org.id, kind="task", subject=unique("Task"), body="Call back",
        owner_id=actor.user.id, assignee_id=actor.user.id, created_by_id=actor.user.id,
        due_at=utcnow() + timedelta(days=1),
    )  # fmt: skip
    trashed_activity = Activity(
        id=uuid7(), org_id=org.id, kind="note", subject=unique("Deleted note"),
        owner_id=actor.user.id, created_by_id=actor.user.id, deleted_at=utcnow(),
        deleted_by_id=actor.user.id,
    )  # fmt: skip
    activity_link = ActivityLink(
        org_id=org.id, activity_id=activity.id, record_kind="company", record_id=company.id
    )
    rows.add(activity, trashed_activity, activity_link)
    contact, trashed_contact = _contact(org, actor), _contact(org, actor)
    other_contact = _contact(org, actor)
    trashed_contact.deleted_at, trashed_contact.deleted_by_id = utcnow(), actor.user.id
    # Tags and custom fields.
    tag = Tag(id=uuid7(), org_id=org.id, name=unique("Tag"), color="#0ea5e9")
    custom_field = _custom_field(org)
    rows.add(tag, custom_field)
    pipeline, stages = _pipeline(org)
    rows.add(
        pipeline,
        *stages,
        contact,
        *contact.emails,
        trashed_contact,
        *trashed_contact.emails,
        other_contact,
        *other_contact.emails,
        team,
        TeamMember(org_id=org.id, team_id=team.id, user_id=team_member.user.id),
        invitation,
        welcome,
        api_key,
        _refresh_token(actor.user.id, org.id, other_session, refresh_secret),
        verify_row,
        reset_row,
    )
    # Leads.
    lead = Lead(
        id=uuid7(), org_id=org.id, name=unique("Lead"), owner_id=actor.user.id,
        created_by_id=actor.user.id, email=f"lead-{uuid7().hex[-10:]}@example.com", custom={},
    )  # fmt: skip
    trashed_lead = Lead(
        id=uuid7(), org_id=org.id, name=unique("Lead"), owner_id=actor.user.id,
        created_by_id=actor.user.id, custom={}, deleted_at=utcnow(), deleted_by_id=actor.user.id,
    )  # fmt: skip
    rows.add(lead, trashed_lead)
    # Deals.
    deal_pipeline, deal_stages, deal, trashed_deal = _deals(org, actor)
    rows.add(deal_pipeline, *deal_stages, deal, trashed_deal)
    # The actor's calendar feed.
    feed_secret = new_secret("hcal_")
    feed = CalendarFeed(
        id=uuid7(), org_id=org.id, user_id=actor.user.id, token_hash=hash_secret(feed_secret)
    )
    rows.add(feed)
    job = Job(
        id=uuid7(), org_id=org.id, kind="export.csv", state="succeeded", params={},
        progress_done=3, progress_total=3, created_by_id=actor.user.id, attempts=1,
        started_at=utcnow(), finished_at=utcnow(), result={"rows": 3},
    )  # fmt: skip
    queued_job = Job(
        id=uuid7(), org_id=org.id, kind="export.csv", state="queued", params={},
        progress_done=0, created_by_id=actor.user.id, attempts=0,
    )  # fmt: skip
    rows.add(job, queued_job)
    export_job, download_token = await _export(settings, org, actor)
    rows.add(export_job)
    data_import, completed_import = await _imports(rows, org, actor)
    events = [
        rows.event(org, "team", team.id, actor),
        rows.event(org, "invitation", invitation.id, actor),
        rows.event(org, "api_key", api_key.id, actor),
        rows.event(org, "member", team_member.user.id, actor),
        rows.event(org, "pipeline", pipeline.id, actor),
    ]
    await rows.flush()
    targets = Targets(
        actor=actor,
        team=team,
        team_member=team_member,
        spare=spare,
        invitation=invitation,
        invitation_token=invitation_token,
        welcome_token=welcome_token,
        api_key=api_key,
        api_key_secret=key_secret,
        other_session_id=other_session,
        refresh_secret=refresh_secret,
        verify_token=verify_token,
        reset_token=reset_token,
        company=company,
        trashed_company=trashed_company,
        view=view,
        contact=contact,
        trashed_contact=trashed_contact,
        tag=tag,
        custom_field=custom_field,
        pipeline=pipeline,
        stages=stages,
        event_ids=[e.id for e in events],
        lead=lead,
        trashed_lead=trashed_lead,
        other_company=other_company,
        other_contact=other_contact,
        deal_pipeline=deal_pipeline,
        deal_stages=deal_stages,
        deal=deal,
        trashed_deal=trashed_deal,
        activity=activity,
        trashed_activity=trashed_activity,
        feed=feed,
        feed_secret=feed_secret,
        export_job=export_job,
        download_token=download_token,
        job=job,
        data_import=data_import,
        completed_import=completed_import,
        queued_job=queued_job,
    )
    world.targets = targets
    return targets


async def api_key_of(session: AsyncSession, org: Organization, creator: Member, role: Role) -> str:
    """The secret of a new API key of ``org`` with ``role``, made by ``creator``."""
    secret, key = _api_key(org, creator, role)
    session.add(key)
    await session.flush()
    return secret


async def secrets_of(session: AsyncSession, world: OrgWorld) -> set[str]:
    """Every id, e-mail and name of ``world``'s organization: none may appear in another
    organization's answers."""
    org_id = world.org.id
    found: set[str] = {str(org_id), world.org.name}
    user_ids = set(
        await session.scalars(select(Membership.user_id).where(Membership.org_id == org_id))
    )
    found |= {str(i) for i in user_ids}
    for model in TENANT_MODELS:
        ids = await session.scalars(select(model.id).where(model.org_id == org_id))
        found |= {str(i) for i in ids}
    for column, where in (
        (Team.name, Team.org_id),
        (Invitation.email, Invitation.org_id),
        (ApiKey.name, ApiKey.org_id),
        (Company.name, Company.org_id),
        (SavedView.name, SavedView.org_id),
        (Contact.last_name, Contact.org_id),
        (ContactEmail.email, ContactEmail.org_id),
        (Tag.name, Tag.org_id),
        (CustomField.key, CustomField.org_id),
        (CustomField.label, CustomField.org_id),
        (Pipeline.name, Pipeline.org_id),
        (Stage.name, Stage.org_id),
        (Lead.name, Lead.org_id),
        (Deal.name, Deal.org_id),
        (Activity.subject, Activity.org_id),
        (Lead.email, Lead.org_id),
        (DataImport.filename, DataImport.org_id),
    ):
        found |= {v for v in await session.scalars(select(column).where(where == org_id)) if v}
    emails = await session.scalars(select(User.email).where(User.id.in_(user_ids)))
    found |= set(emails)
    sessions = await session.scalars(
        select(RefreshToken.family_id).where(RefreshToken.user_id.in_(user_ids))
    )
    found |= {str(s) for s in sessions}
    if world.targets is not None:
        found |= {str(i) for i in world.targets.record_ids()}
    return found

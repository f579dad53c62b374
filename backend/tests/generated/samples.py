"""What the generated suites send to each route: path values and sample bodies.

This is the file to edit when you add a route that takes a body, a required query parameter
or a new path parameter (docs/testing.md).

- ``BODIES["<METHOD> <path>"]`` builds a body that is VALID for the caller's own records, so a
  refusal (403/404) is never hidden behind a 422. Bodies must be acceptable to every role that
  the matrix allows (e.g. grant the Viewer role, the lowest, so that nobody is refused for
  granting above their own rank), and must not clash with existing rows (use ``unique()``).
- ``PATH_PARAMS`` fills each path parameter from ``Targets`` (tests/generated/world.py): a record
  the caller may act on. A new parameter name needs an entry there (and its record in world.py).
  ``PATH_VALUES`` overrides them for one route.
- ``QUERIES`` gives the query parameters a route requires.

A ``Ctx`` is the organization being addressed and the caller's records in it: the caller's own
in the role suite, organization B's (made by B's Owner) in the tenant suite.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from heron.roles.matrix import Role
from tests.generated.routes import Route
from tests.generated.world import OrgWorld, Targets, unique
from tests.helpers.factories import PASSWORD, Member

NEW_PASSWORD = "a brand new long password"
SAMPLES_FILE = "tests/generated/samples.py"


@dataclass(frozen=True)
class Ctx:
    world: OrgWorld
    targets: Targets

    @property
    def actor(self) -> Member:
        return self.targets.actor

    @property
    def org_id(self) -> str:
        return str(self.world.org.id)


Body = Callable[[Ctx], Any]


def _email(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"


@dataclass(frozen=True)
class Multipart:
    """A body sent as multipart/form-data (an upload) instead of JSON."""

    data: dict[str, str]
    files: dict[str, tuple[str, bytes, str]]


IMPORT_CSV = b"First Name,Last Name,Email\nAda,Lovelace,ada-import@example.com\n"

BODIES: dict[str, Body] = {
    # Imports: a small CSV of contacts (every role that may import may create contacts).
    "POST /api/v1/imports": lambda c: Multipart(
        {"kind": "contact"}, {"file": ("people.csv", IMPORT_CSV, "text/csv")}
    ),
    "PATCH /api/v1/imports/{import_id}": lambda c: {"on_error": "skip", "mode": "upsert"},
    # Authentication: the caller's own account.
    "POST /api/v1/auth/register": lambda c: {
        "email": _email("new"),
        "password": NEW_PASSWORD,
        "full_name": "New Person",
        "organization_name": unique("Org"),
    },
    "POST /api/v1/auth/login": lambda c: {"email": c.actor.user.email, "password": PASSWORD},
    "POST /api/v1/auth/refresh": lambda c: {"refresh_token": c.targets.refresh_secret},
    "POST /api/v1/auth/switch": lambda c: {"organization_id": c.org_id},
    "POST /api/v1/auth/password/forgot": lambda c: {"email": c.actor.user.email},
    "POST /api/v1/auth/password/reset": lambda c: {
        "token": c.targets.reset_token,
        "new_password": NEW_PASSWORD,
    },
    "POST /api/v1/auth/password/change": lambda c: {
        "current_password": PASSWORD,
        "new_password": NEW_PASSWORD,
    },
    "POST /api/v1/auth/verify-email": lambda c: {"token": c.targets.verify_token},
    # The signed-in person and their organizations.
    "PATCH /api/v1/me": lambda c: {"full_name": "Renamed Person"},
    "POST /api/v1/orgs": lambda c: {"name": unique("Org")},
    "PATCH /api/v1/org": lambda c: {"name": unique("Org"), "time_zone": "Europe/Paris"},
    # Members: the target is a Viewer, whom Owners and Admins may both change.
    "PATCH /api/v1/members/{user_id}": lambda c: {"role": Role.sales.value},
    # Invitations: the Viewer role can be granted by every role that may invite.
    "POST /api/v1/invitations": lambda c: {"email": _email("invitee"), "role": Role.viewer.value},
    "POST /api/v1/invitations/accept": lambda c: {"token": c.targets.welcome_token},
    # Teams.
    "POST /api/v1/teams": lambda c: {
        "name": unique("Team"),
        "description": "Made by the generated tests",
        "manager_id": str(c.actor.user.id),
        "member_ids": [str(c.targets.spare.user.id)],
    },
    "PATCH /api/v1/teams/{team_id}": lambda c: {"description": "Changed by the generated tests"},
    # API keys: a Viewer key, which every role that may make keys may grant.
    "POST /api/v1/api-keys": lambda c: {"name": unique("Key"), "role": Role.viewer.value},
    # Companies.
    "POST /api/v1/companies": lambda c: {"name": unique("Company")},
    "PATCH /api/v1/companies/{company_id}": lambda c: {"industry": "Software"},
    "POST /api/v1/companies/bulk": lambda c: {
        "action": "assign",
        "ids": [str(c.targets.company.id)],
        "owner_id": str(c.actor.user.id),
    },
    # Saved views: private ones (sharing needs a Manager or above).
    "POST /api/v1/views": lambda c: {
        "record_kind": "company",
        "name": unique("View"),
        "filters": {
            "op": "and",
            "conditions": [{"field": "name", "op": "icontains", "value": "a"}],
        },
        "sort": "name",
    },
    "PATCH /api/v1/views/{view_id}": lambda c: {"name": unique("View")},
    # Contacts: owned by the caller; `assign` to oneself is allowed to every role that updates.
    "POST /api/v1/contacts": lambda c: {
        "first_name": "Ada",
        "last_name": unique("Contact"),
        "emails": [{"email": _email("contact"), "label": "work"}],
        "phones": [{"number": "+33 1 42 68 53 00"}],
    },
    "PATCH /api/v1/contacts/{contact_id}": lambda c: {
        "job_title": "Changed by the generated tests",
        "emails": [{"email": _email("contact")}],
    },
    "POST /api/v1/contacts/bulk": lambda c: {
        "action": "assign",
        "ids": [str(c.targets.contact.id)],
        "owner_id": str(c.actor.user.id),
    },
    # Tags and custom fields.
    "POST /api/v1/tags": lambda c: {"name": unique("Tag"), "color": "#22C55E"},
    "PATCH /api/v1/tags/{tag_id}": lambda c: {"color": "#a855f7"},
    "POST /api/v1/custom-fields": lambda c: {
        "record_kind": "contact",
        "key": f"cf_{uuid.uuid4().hex[:10]}",
        "label": unique("Field"),
        "type": "select",
        "options": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}],
        "default": "a",
    },
    "PATCH /api/v1/custom-fields/{custom_field_id}": lambda c: {
        "label": unique("Field"),
        "help_text": "Changed by the generated tests",
    },
    # Pipelines and stages: the target pipeline is not the default, so it may be deleted.
    "POST /api/v1/pipelines": lambda c: {"name": unique("Pipeline"), "currency": "EUR"},
    "PATCH /api/v1/pipelines/{pipeline_id}": lambda c: {"name": unique("Pipeline")},
    "POST /api/v1/pipelines/{pipeline_id}/stages": lambda c: {
        "name": unique("Stage"),
        "probability": 30,
        "position": 1,
    },
    "PUT /api/v1/pipelines/{pipeline_id}/stages/order": lambda c: {
        "stage_ids": [str(s.id) for s in reversed(c.targets.stages)]
    },
    "PATCH /api/v1/pipelines/{pipeline_id}/stages/{stage_id}": lambda c: {
        "probability": 40,
        "rotting_days": 21,
    },
    # Deals: in the default deal pipeline of world.py; a move goes to its second stage.
    "POST /api/v1/deals": lambda c: {
        "name": unique("Deal"),
        "amount": "2500.00",
        "pipeline_id": str(c.targets.deal_pipeline.id),
        "stage_id": str(c.targets.deal_stages[0].id),
    },
    "PATCH /api/v1/deals/{deal_id}": lambda c: {"amount": "3000.00", "probability": 40},
    "POST /api/v1/deals/bulk": lambda c: {
        "action": "update",
        "ids": [str(c.targets.deal.id)],
        "fields": {"probability": 30},
    },
    "POST /api/v1/deals/{deal_id}/move": lambda c: {"stage_id": str(c.targets.deal_stages[1].id)},
    # Activities: a task about the caller's company (complete and reopen take no body).
    "POST /api/v1/activities": lambda c: {
        "kind": "task",
        "subject": unique("Task"),
        "body": "Prepare the *quote*",
        "due_at": "2030-01-15T09:00:00+01:00",
        "links": [{"record_kind": "company", "record_id": str(c.targets.company.id)}],
    },
    "PATCH /api/v1/activities/{activity_id}": lambda c: {
        "subject": unique("Task"),
        "due_at": "2030-01-16T09:00:00Z",
        "links": [{"record_kind": "company", "record_id": str(c.targets.company.id)}],
    },
    # Leads: owned by the caller (named, so the tenant suite sends another org's member).
    "POST /api/v1/leads": lambda c: {
        "name": unique("Lead"),
        "email": _email("lead"),
        "company_name": "Generated Ltd",
        "status": "contacted",
        "score": 40,
        "owner_id": str(c.actor.user.id),
    },
    "PATCH /api/v1/leads/{lead_id}": lambda c: {
        "status": "qualified",
        "score": 70,
        "owner_id": str(c.actor.user.id),
    },
    "POST /api/v1/leads/bulk": lambda c: {
        "action": "assign",
        "ids": [str(c.targets.lead.id)],
        "owner_id": str(c.actor.user.id),
    },
    # Merging: the caller's second company / contact into the first (their own both ways).
    "POST /api/v1/companies/{company_id}/merge": lambda c: {
        "other_id": str(c.targets.other_company.id),
        "fields": {"domain": "other"},
    },
    "POST /api/v1/contacts/{contact_id}/merge": lambda c: {
        "other_id": str(c.targets.other_contact.id),
        "fields": {"email": "other", "last_name": "other"},
    },
    # Lead conversion: the caller's lead into a new contact of the caller's company and a deal
    # (every id named, so the tenant suite sends organization B's).
    "POST /api/v1/leads/{lead_id}/convert": lambda c: {
        "company": {"mode": "existing", "company_id": str(c.targets.company.id)},
        "contact": {"mode": "new"},
        "deal": {
            "pipeline_id": str(c.targets.deal_pipeline.id),
            "stage_id": str(c.targets.deal_stages[0].id),
            "amount": "1000.00",
        },
        "owner_id": str(c.actor.user.id),
    },
}

# How each path parameter is filled: a record of the caller's, made in world.py.
PATH_PARAMS: dict[str, Callable[[Ctx], str]] = {
    "team_id": lambda c: str(c.targets.team.id),  # a team the caller manages
    "user_id": lambda c: str(c.targets.team_member.user.id),  # a Viewer in that team
    "invitation_id": lambda c: str(c.targets.invitation.id),  # pending, sent by the caller
    "api_key_id": lambda c: str(c.targets.api_key.id),  # made by the caller
    "session_id": lambda c: str(c.targets.other_session_id),  # another session of the caller
    "provider": lambda c: "google",  # a name, not an id (routes.NAME_PARAMS)
    "company_id": lambda c: str(c.targets.company.id),
    "view_id": lambda c: str(c.targets.view.id),
    "contact_id": lambda c: str(c.targets.contact.id),  # owned by the caller
    # Tags and custom fields of the caller's organization.
    "tag_id": lambda c: str(c.targets.tag.id),
    "custom_field_id": lambda c: str(c.targets.custom_field.id),
    "pipeline_id": lambda c: str(c.targets.pipeline.id),  # not the default, no deals
    "stage_id": lambda c: str(c.targets.stages[0].id),  # one of its two stages
    # Leads.
    "lead_id": lambda c: str(c.targets.lead.id),  # owned by the caller
    # Deals: the caller's deal. (The board column's {stage_id} is the pipelines entry above.)
    "deal_id": lambda c: str(c.targets.deal.id),
    "activity_id": lambda c: str(c.targets.activity.id),  # a task of the caller's
    # The secret of the caller's calendar feed (a name: routes.NAME_PARAMS).
    "feed_token": lambda c: c.targets.feed_secret,
    # A signed link to the file of the caller's finished list export (a name too).
    "download_token": lambda c: c.targets.download_token,
    "job_id": lambda c: str(c.targets.job.id),  # a finished job the caller started
    "import_id": lambda c: str(c.targets.data_import.id),  # uploaded by the caller, not run
}

# Query parameters a route requires (optional ones are left to their defaults).
QUERIES: dict[str, Callable[[Ctx], dict[str, str]]] = {
    "GET /api/v1/invitations/lookup": lambda c: {"token": c.targets.invitation_token},
    # Every target record's name starts with its kind: a search that would find B's records.
    "GET /api/v1/search": lambda c: {"q": "company"},
    # The live stream lasts as long as asked: a second is enough to see what it sends.
    "GET /api/v1/events/stream": lambda c: {"max_seconds": "1"},
}

# Path values for one route, when those of PATH_PARAMS do not fit it.
PATH_VALUES: dict[str, Callable[[Ctx], dict[str, str]]] = {
    # A download link: for the caller's finished list export, whose file is in the store.
    "GET /api/v1/exports/{job_id}/link": lambda c: {"job_id": str(c.targets.export_job.id)},
    "POST /api/v1/activities/{activity_id}/restore": lambda c: {
        "activity_id": str(c.targets.trashed_activity.id)
    },
    # Restoring a deal: one in the caller's trash.
    "POST /api/v1/deals/{deal_id}/restore": lambda c: {"deal_id": str(c.targets.trashed_deal.id)},
    # Restoring a contact: one in the trash.
    "POST /api/v1/contacts/{contact_id}/restore": lambda c: {
        "contact_id": str(c.targets.trashed_contact.id)
    },
    # Adding someone to a team: a member who is not in it yet.
    "PUT /api/v1/teams/{team_id}/members/{user_id}": lambda c: {
        "team_id": str(c.targets.team.id),
        "user_id": str(c.targets.spare.user.id),
    },
    # Restoring: a record in the trash.
    "POST /api/v1/companies/{company_id}/restore": lambda c: {
        "company_id": str(c.targets.trashed_company.id)
    },
    # Cancelling a job: one that has not finished.
    "POST /api/v1/jobs/{job_id}/cancel": lambda c: {"job_id": str(c.targets.queued_job.id)},
    # Restoring a lead: one in the trash.
    "POST /api/v1/leads/{lead_id}/restore": lambda c: {"lead_id": str(c.targets.trashed_lead.id)},
    # Imports: undo and the error file need one that ran (with rows it could not apply).
    "POST /api/v1/imports/{import_id}/undo": lambda c: {
        "import_id": str(c.targets.completed_import.id)
    },
    "GET /api/v1/imports/{import_id}/errors": lambda c: {
        "import_id": str(c.targets.completed_import.id)
    },
}


def path_values(route: Route, ctx: Ctx) -> dict[str, str]:
    """The value of each path parameter of ``route``; fails with a hint for unknown ones."""
    unknown = [p for p in route.path_params if p not in PATH_PARAMS]
    if unknown:
        names = ", ".join("{" + p + "}" for p in unknown)
        pytest.fail(
            f"{route.label} has the path parameter {names}, which the generated suites cannot "
            f"fill. If it names a record, add it to PATH_PARAMS in {SAMPLES_FILE} (and make "
            "that record in Targets, tests/generated/world.py); if it is a name, not an id, "
            "add it to NAME_PARAMS in tests/generated/routes.py too.",
            pytrace=False,
        )
    values = {name: PATH_PARAMS[name](ctx) for name in route.path_params}
    override = PATH_VALUES.get(route.label)
    if override is not None:
        values.update(override(ctx))
    return values


def url(route: Route, values: dict[str, str]) -> str:
    path = route.path
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    return path


def query_for(route: Route, ctx: Ctx) -> dict[str, str]:
    """The route's required query parameters; fails with a hint when there is no sample."""
    sample = QUERIES.get(route.label)
    if sample is not None:
        return sample(ctx)
    if route.required_queries:
        names = ", ".join(route.required_queries)
        pytest.fail(
            f"add sample query parameters ({names}) for {route.label} in {SAMPLES_FILE} "
            "(QUERIES), valid for the caller's own records.",
            pytrace=False,
        )
    return {}


def body_for(route: Route, ctx: Ctx) -> tuple[bool, Any]:
    """(whether to send a body, the body). A route that needs a body and has no sample fails."""
    sample = BODIES.get(route.label)
    if sample is not None:
        return True, sample(ctx)
    if route.body_required:
        pytest.fail(
            f"add a sample body for {route.label} in {SAMPLES_FILE} (BODIES): a body that is "
            "valid for the caller's own records, so the generated tenant and role suites test "
            "the refusal itself and not a 422.",
            pytrace=False,
        )
    return False, None


def stale_samples(routes: list[Route]) -> list[str]:
    """Keys of BODIES / PATH_VALUES that name no such route (renamed or removed routes)."""
    with_body = {r.label for r in routes if r.takes_body}
    labels = {r.label for r in routes}
    return sorted((set(BODIES) - with_body) | ((set(PATH_VALUES) | set(QUERIES)) - labels))

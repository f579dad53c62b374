"""At most five SQL statements per read request, whatever the page size.

A statement costs a round trip and its share of the driver's and SQLAlchemy's time whatever it
does; a request that grows one query per relation, per kind or per row falls over at scale
long before the database does. Every main read route (the lists of each kind, the pieces of a
record page, the board, search) is counted here on both databases, for a Manager (team scope:
the most involved visibility) and with pages of 5 and 200 rows. Transaction control and the
test harness's own savepoints are not counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.db import Database
from heron.records import listing
from tests.helpers.databases import statements_run
from tests.helpers.factories import Member, create_member, create_org

pytestmark = pytest.mark.anyio

BUDGET = 5
# Not the request's work: transactions, and the harness turning each app transaction into a
# savepoint of the test's (with its row-level-security settings put aside and back).
_NOT_COUNTED = re.compile(
    r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT|"
    r"SELECT current_setting\('heron\.bypass_rls'|SELECT set_config\('heron\.bypass_rls')",
    re.IGNORECASE,
)
RECORDS = 12  # of each kind: more than the small page, fewer than the big one


@contextmanager
def counted(db: Database) -> Iterator[list[str]]:
    """The statements the app runs inside the block."""
    seen: list[str] = []
    with statements_run(db.engine) as runs:
        yield seen
    seen += [run.sql for run in runs if not _NOT_COUNTED.match(run.sql)]


@dataclass
class World:
    owner: Member
    manager: Member
    contact_id: str
    company_id: str
    lead_id: str
    deal_id: str
    stage_id: str


async def _post(client: httpx.AsyncClient, who: Member, path: str, body: dict[str, Any]) -> Any:
    response = await client.post(f"/api/v1{path}", json=body, headers=who.headers)
    assert response.status_code in (200, 201), response.text
    return response.json()["data"]


async def _world(client: httpx.AsyncClient, session: AsyncSession, settings: Settings) -> World:
    """An organization with records of every kind, each with an owner, tags, custom values
    and related records, made through the API; the Manager's team holds the Owner."""
    org = await create_org(session)
    owner = await create_member(session, settings, org, "owner")
    manager = await create_member(session, settings, org, "manager")
    await _post(client, owner, "/teams", {
        "name": "Team", "manager_id": str(manager.user.id),
        "member_ids": [str(owner.user.id), str(manager.user.id)],
    })  # fmt: skip
    await _post(client, owner, "/custom-fields", {
        "record_kind": "contact", "key": "tier", "label": "Tier", "type": "select",
        "options": [{"value": "gold", "label": "Gold"}, {"value": "silver", "label": "Silver"}],
    })  # fmt: skip
    await _post(client, owner, "/pipelines", {"name": "Sales"})  # the first is the default
    tags = [(await _post(client, owner, "/tags", {"name": f"Tag {i}"}))["id"] for i in range(3)]
    companies, contacts = [], []
    for i in range(RECORDS):
        company = await _post(client, owner, "/companies", {
            "name": f"Acme {i}", "domain": f"acme{i}.example", "tag_ids": tags[:2],
        })  # fmt: skip
        companies.append(company["id"])
        contact = await _post(client, owner, "/contacts", {
            "first_name": "Ada", "last_name": f"Lovelace{i}", "company_id": company["id"],
            "emails": [{"email": f"ada{i}@acme{i}.example"}, {"email": f"ada{i}@home.example"}],
            "phones": [{"number": f"+3314268530{i % 10}"}], "tag_ids": tags,
            "custom": {"tier": "gold" if i % 2 else "silver"},
        })  # fmt: skip
        contacts.append(contact["id"])
        await _post(client, owner, "/leads", {"name": f"Lead {i}", "tag_ids": tags[:1]})
        deal = await _post(client, owner, "/deals", {
            "name": f"Deal {i}", "amount": "1000", "company_id": company["id"],
            "contacts": [{"contact_id": contact["id"], "primary": True}], "tag_ids": tags[:1],
        })  # fmt: skip
        await _post(client, owner, "/activities", {
            "kind": "call", "subject": f"Call {i}",
            "links": [{"record_kind": "contact", "record_id": contact["id"]},
                      {"record_kind": "deal", "record_id": deal["id"]}],
        })  # fmt: skip
    lead = await _post(client, owner, "/leads", {"name": "Grace Hopper"})
    return World(
        owner=owner, manager=manager, contact_id=contacts[0], company_id=companies[0],
        lead_id=lead["id"], deal_id=deal["id"], stage_id=deal["stage"]["id"],
    )  # fmt: skip


def _reads(w: World, limit: int, typos: bool) -> list[tuple[str, dict[str, Any]]]:
    """The main read routes, as the web app calls them (with ``typos``, also searches that
    forgive one: PostgreSQL)."""
    page = {"limit": limit}
    forgiven = [
        # Close words first, then the records holding them (or the words as typed): with
        # the first page's estimate, the most a list asks.
        ("/leads", page | {"q": "hoper"}),
        ("/contacts", page | {"q": "lovelace"}),
        ("/companies", page | {"q": "acne"}),
        ("/search", {"q": "acne", "limit": min(limit, 50)}),
    ]
    return (forgiven if typos else []) + [
        # Lists of each kind: the first page counts (an estimate), later pages do not.
        ("/contacts", page | {"sort": "last_name", "filter[custom.tier][eq]": "gold"}),
        ("/contacts", page | {"q": "ada", "count": "exact"}),
        ("/contacts", page | {"count": "none", "sort": "-created_at"}),
        ("/companies", page),
        ("/leads", page | {"q": "lead"}),
        ("/deals", page),
        ("/activities", page),
        # A record page: the record, its related lists and its timeline.
        (f"/contacts/{w.contact_id}", {}),
        (f"/companies/{w.company_id}", {}),
        (f"/leads/{w.lead_id}", {}),
        (f"/deals/{w.deal_id}", {}),
        ("/deals", page | {"filter[contact_id][eq]": w.contact_id, "count": "exact"}),
        ("/contacts", page | {"filter[company_id][eq]": w.company_id, "count": "exact"}),
        (f"/contacts/{w.contact_id}/timeline", page),
        (f"/deals/{w.deal_id}/timeline", page),
        # The board and a column's next cards.
        ("/deals/board", {"limit": min(limit, 100)}),
        (f"/deals/board/columns/{w.stage_id}", {"limit": min(limit, 100)}),
        # Search across kinds.
        ("/search", {"q": "acme", "limit": min(limit, 50)}),
    ]


class TestStatementBudget:
    @pytest.mark.parametrize("limit", [5, 200])
    async def test_main_reads_run_at_most_five_statements(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        db: Database,
        monkeypatch: pytest.MonkeyPatch,
        limit: int,
    ) -> None:
        world = await _world(client, session, settings)
        # Totals above the cap take the estimate path (PostgreSQL's planner): counted too.
        monkeypatch.setattr(listing, "ESTIMATE_CAP", 3)
        over: list[str] = []
        for who in (world.manager, world.owner):
            typos = session.get_bind().dialect.name == "postgresql"
            for path, params in _reads(world, limit, typos):
                with counted(db) as statements:
                    response = await client.get(
                        f"/api/v1{path}", params=params, headers=who.headers
                    )
                assert response.status_code == 200, (path, response.text)
                assert response.json()["data"], f"{path} shows nothing: the count proves nothing"
                if len(statements) > BUDGET:
                    shown = "\n  ".join(s.split("\n")[0][:160] for s in statements)
                    over.append(f"{who.role} GET {path} {params}: {len(statements)}\n  {shown}")
        assert not over, "\n".join(over)

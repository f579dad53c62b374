"""The generated data set (`heron seed --size`): the sizes and skew asked for, rows like those
the services write, and the API working on them (conftest.py generates "tiny" once)."""

from __future__ import annotations

import asyncio
import statistics
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from pydantic import TypeAdapter
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from heron.contacts.service import EVENT_FIELDS as CONTACT_FIELDS
from heron.contacts.service import email_list, phone_list
from heron.custom_fields.values import validate_values
from heron.events.service import snapshot as event_snapshot
from heron.kit.validators import Email, Phone
from heron.models import (
    Activity,
    ActivityLink,
    Company,
    Contact,
    CustomField,
    Deal,
    Event,
    Lead,
    Organization,
    Tag,
    Tagging,
)
from heron.models.pipeline import Stage
from heron.seed.accounts import AccountError
from heron.seed.bulk import rows as generated
from heron.seed.bulk.service import generate
from heron.seed.bulk.sizes import SIZES
from heron.seed.bulk.vocabulary import TAGS
from heron.seed.bulk.workspace import OTHER_PIPELINES, PipelineInfo, StageInfo, Workspace
from tests.seed.bulk.conftest import ANCHOR, PASSWORD, SEED

pytestmark = pytest.mark.anyio

TINY = SIZES["tiny"]
OWNER = "owner.tiny@bench.example"


async def _org(session: AsyncSession) -> Organization:
    org = await session.scalar(select(Organization).where(Organization.name == "Bench tiny"))
    assert org is not None
    return org


async def _count(session: AsyncSession, model: Any, *where: Any) -> int:
    return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def _headers(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, str]:
    response = await client.post("/api/v1/auth/login", json={"email": OWNER, "password": PASSWORD})
    assert response.status_code == 200, response.text
    token = response.json()["data"]["access_token"]
    return {"Authorization": f"Bearer {token}", "X-Heron-Org": str((await _org(session)).id)}


async def _get(client: httpx.AsyncClient, headers: dict[str, str], path: str, **params: Any) -> Any:
    response = await client.get(f"/api/v1{path}", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


class TestSize:
    async def test_holds_what_the_size_says(self, session: AsyncSession) -> None:
        org = await _org(session)
        of_org = (Contact.org_id == org.id,)
        assert await _count(session, Contact, *of_org) == TINY.contacts
        assert await _count(session, Company, Company.org_id == org.id) == TINY.companies
        assert await _count(session, Lead, Lead.org_id == org.id) == TINY.leads
        assert await _count(session, Deal, Deal.org_id == org.id) == (
            TINY.board_deals + TINY.other_deals
        )
        assert await _count(session, Activity, Activity.org_id == org.id) > TINY.contacts
        assert await _count(session, Tagging, Tagging.org_id == org.id) > 0
        # About 1% of each kind is in the trash.
        trashed = await _count(session, Contact, *of_org, Contact.deleted_at.is_not(None))
        assert 0 < trashed < TINY.contacts // 20

    async def test_a_few_huge_companies_and_many_small_ones(self, session: AsyncSession) -> None:
        org = await _org(session)
        per_company = list(
            await session.scalars(
                select(func.count())
                .select_from(Contact)
                .where(Contact.org_id == org.id, Contact.company_id.is_not(None))
                .group_by(Contact.company_id)
            )
        )
        assert max(per_company) >= 5 * statistics.median(per_company)


class TestRowsAsTheAppWritesThem:
    async def test_search_text_is_the_models(self, session: AsyncSession) -> None:
        org = await _org(session)
        for model in (Company, Contact, Lead, Deal):
            rows = list(
                await session.scalars(select(model).where(model.org_id == org.id).limit(100))
            )
            assert rows
            assert all(r.search_text == r.compute_search_text() for r in rows), model

    async def test_search_words_are_the_triggers_on_postgresql(
        self, session: AsyncSession, db_url: str
    ) -> None:
        """COPY runs without triggers: the loader adds the words they would have."""
        if not db_url.startswith("postgresql"):
            pytest.skip("SQLite keeps no search words")
        org = await _org(session)
        kept, expected = {}, {}
        for kind, table in (("company", "companies"), ("contact", "contacts"),
                            ("lead", "leads"), ("deal", "deals")):  # fmt: skip
            kept[kind] = set(
                await session.scalars(
                    text("SELECT word FROM search_words WHERE org_id = :org AND kind = :kind"),
                    {"org": org.id, "kind": kind},
                )
            )
            expected[kind] = set(
                await session.scalars(
                    text(
                        f"SELECT heron_search_words(search_text) FROM {table} WHERE org_id = :org"
                    ),
                    {"org": org.id},
                )
            )
        assert all(kept.values())
        assert kept == expected

    async def test_custom_values_are_in_their_validated_form(self, session: AsyncSession) -> None:
        org = await _org(session)
        for model, kind in ((Contact, "contact"), (Company, "company"), (Deal, "deal")):
            defs = list(
                await session.scalars(
                    select(CustomField).where(
                        CustomField.org_id == org.id, CustomField.record_kind == kind
                    )
                )
            )
            rows = list(
                await session.scalars(select(model).where(model.org_id == org.id).limit(200))
            )
            for row in rows:
                stored = validate_values(
                    defs, row.custom, existing=None, member_ids=set(), kind=kind
                )
                assert stored == row.custom, (kind, row.custom)

    async def test_contact_events_hold_the_services_snapshot(self, session: AsyncSession) -> None:
        org = await _org(session)
        contacts = list(
            await session.scalars(
                select(Contact)
                .where(Contact.org_id == org.id)
                .options(selectinload(Contact.emails), selectinload(Contact.phones))
                .limit(100)
            )
        )
        tags = {
            t.id: t.name for t in await session.scalars(select(Tag).where(Tag.org_id == org.id))
        }
        for contact in contacts:
            event = await session.scalar(
                select(Event).where(Event.entity_id == contact.id, Event.type == "contact.created")
            )
            assert event is not None and event.actor_id == contact.created_by_id
            expected = event_snapshot(contact, CONTACT_FIELDS) | {
                "emails": email_list(contact), "phones": phone_list(contact),
                "custom": contact.custom,
            }  # fmt: skip
            tagged = await session.scalars(
                select(Tagging.tag_id).where(
                    Tagging.record_kind == "contact", Tagging.record_id == contact.id
                )
            )
            names = sorted(tags[t] for t in tagged)
            if names:
                expected["tags"] = names
            assert event.changes == expected
            assert contact.email == (contact.emails[0].email if contact.emails else None)

    async def test_every_activity_has_its_event_and_links(self, session: AsyncSession) -> None:
        org = await _org(session)
        activities = await _count(session, Activity, Activity.org_id == org.id)
        created = await _count(
            session, Event, Event.org_id == org.id, Event.type == "activity.created"
        )
        assert created == activities
        unlinked = await _count(
            session,
            Activity,
            Activity.org_id == org.id,
            ~Activity.id.in_(select(ActivityLink.activity_id)),
        )
        assert unlinked == 0

    async def test_last_activity_is_the_latest_logged_one(self, session: AsyncSession) -> None:
        org = await _org(session)
        latest = (
            select(func.max(Activity.done_at))
            .join(ActivityLink, ActivityLink.activity_id == Activity.id)
            .where(
                ActivityLink.record_kind == "contact",
                ActivityLink.record_id == Contact.id,
                Activity.kind != "task",
            )
            .scalar_subquery()
        )
        rows = (
            await session.execute(
                select(Contact.last_activity_at, latest).where(Contact.org_id == org.id)
            )
        ).all()
        assert all(stored == computed for stored, computed in rows)
        assert any(stored is not None for stored, _ in rows)

    async def test_deals_are_in_order_and_in_their_stages_status(
        self, session: AsyncSession
    ) -> None:
        org = await _org(session)
        rows = (
            await session.execute(
                select(Deal.stage_id, Deal.position, Deal.status, Stage.kind)
                .join(Stage, Stage.id == Deal.stage_id)
                .where(Deal.org_id == org.id)
            )
        ).all()
        assert all(status == kind for _, _, status, kind in rows)
        positions = [(stage, position) for stage, position, _, _ in rows]
        assert len(set(positions)) == len(positions)

    async def test_addresses_and_numbers_pass_the_apis_checks(self, session: AsyncSession) -> None:
        org = await _org(session)
        email, phone = TypeAdapter(Email), TypeAdapter(Phone)
        rows = (
            await session.execute(
                select(Contact.email, Contact.phone).where(Contact.org_id == org.id).limit(300)
            )
        ).all()
        for address, number in rows:
            assert address is None or email.validate_python(address) == address
            assert number is None or phone.validate_python(number) == number


class TestTheApiOnIt:
    async def test_lists_of_every_kind(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        headers = await _headers(client, session)
        gold = await _get(client, headers, "/contacts", sort="last_name", limit=200,
                          **{"filter[custom.tier][eq]": "gold"})  # fmt: skip
        assert gold["data"] and all(c["custom"]["tier"] == "gold" for c in gold["data"])
        names = [c["last_name"] for c in gold["data"] if c["last_name"]]
        assert names == sorted(names)
        for path in ("/companies", "/leads", "/deals", "/activities"):
            assert (await _get(client, headers, path, limit=50))["data"], path

    async def test_search_finds_a_generated_name_and_forgives_a_typo_on_postgresql(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        headers = await _headers(client, session)
        org = await _org(session)
        contact = await session.scalar(
            select(Contact).where(
                Contact.org_id == org.id,
                Contact.deleted_at.is_(None),
                func.length(Contact.last_name) >= 6,
            )
        )
        assert contact is not None and contact.last_name
        hits = (await _get(client, headers, "/search", q=contact.last_name, limit=50))["data"]
        assert any(h["kind"] == "contact" for h in hits)
        if session.get_bind().dialect.name == "postgresql":
            typo = contact.last_name[:-2] + contact.last_name[-1]
            assert (await _get(client, headers, "/search", q=typo, limit=50))["data"]

    async def test_the_board_of_the_default_pipeline(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        headers = await _headers(client, session)
        org = await _org(session)
        board = (await _get(client, headers, "/deals/board", limit=20))["data"]
        live = await _count(
            session,
            Deal,
            Deal.org_id == org.id,
            Deal.pipeline_id == uuid.UUID(board["pipeline_id"]),
            Deal.deleted_at.is_(None),
        )
        assert sum(c["count"] for c in board["columns"]) == live > TINY.board_deals * 0.95
        assert all(len(c["cards"]) == min(20, c["count"]) for c in board["columns"])

    async def test_a_record_page_and_an_edit(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        headers = await _headers(client, session)
        org = await _org(session)
        contact_id = await session.scalar(
            select(Contact.id)
            .where(
                Contact.org_id == org.id,
                Contact.deleted_at.is_(None),
                Contact.last_activity_at.is_not(None),
            )
            .limit(1)
        )
        record = (await _get(client, headers, f"/contacts/{contact_id}"))["data"]
        timeline = await _get(client, headers, f"/contacts/{contact_id}/timeline", limit=100)
        types = {i["event_type"] or i["type"] for i in timeline["data"]}
        assert {"contact.created", "activity"} <= types
        await _get(client, headers, "/deals", **{"filter[contact_id][eq]": str(contact_id)})

        response = await client.patch(
            f"/api/v1/contacts/{contact_id}",
            json={"job_title": "Chief Tester"},
            headers=headers | {"If-Match": f'"{record["version"]}"'},
        )

        assert response.status_code == 200, response.text
        assert response.json()["data"]["version"] == record["version"] + 1


def _workspace(size: str = "tiny") -> Workspace:
    """A workspace made of fixed ids, to run the generator without a database."""
    ids = iter(uuid.UUID(int=i) for i in range(1, 10_000))
    stages = (("Prospect", 10, "open"), ("Proposal", 50, "open"), ("Won", 100, "won"),
              ("Lost", 0, "lost"))  # fmt: skip
    pipelines = [
        PipelineInfo(next(ids), name, "EUR", n == 0,
                     tuple(StageInfo(next(ids), s, k, p) for s, p, k in stages_))
        for n, (name, stages_) in enumerate(
            [("Sales", stages), *((p[0], p[2]) for p in OTHER_PIPELINES)]
        )
    ]  # fmt: skip
    people = {k: next(ids) for k in ("owner", "manager", *(f"sales{i}" for i in range(1, 7)))}
    return Workspace(
        org_id=next(ids), size=SIZES[size], people=people,
        tags=[(next(ids), name) for name, _ in TAGS], pipelines=pipelines,
    )  # fmt: skip


def _all_rows(seed: int, anchor: datetime) -> list[Any]:
    made = generated.Generator(_workspace(), seed, anchor)
    return [
        batch
        for batches in (made.companies_batches(), made.contacts_batches(),
                        made.leads_batches(), made.deals_batches())
        for batch in batches
    ]  # fmt: skip


class TestDeterminism:
    def test_the_same_seed_makes_the_same_rows(self) -> None:
        assert _all_rows(SEED, ANCHOR) == _all_rows(SEED, ANCHOR)

    def test_another_seed_makes_other_rows(self) -> None:
        assert _all_rows(SEED, ANCHOR) != _all_rows(SEED + 1, ANCHOR)

    def test_the_fast_snapshot_is_the_event_services(self) -> None:
        from types import SimpleNamespace

        for batch in _all_rows(SEED, ANCHOR)[:2]:
            for row in batch.get("contacts", [])[:200]:
                assert generated.snapshot(row, CONTACT_FIELDS) == event_snapshot(
                    SimpleNamespace(**row), CONTACT_FIELDS
                )


class TestRefusals:
    def test_the_same_size_twice_in_a_database_is_refused(
        self, database_urls: dict[str, str | None], tmp_path: Any
    ) -> None:
        from heron.config import Environment, Settings

        url = database_urls["sqlite"]
        assert url is not None
        settings = Settings(env=Environment.development, database_url=url, var_dir=tmp_path)
        with pytest.raises(AccountError, match="exists already"):
            asyncio.run(
                generate(settings, "tiny", seed=SEED, password=PASSWORD, anchor=datetime.now(UTC))
            )

"""The generated rows, deterministic for a seed and an anchor time: the same arguments give the
same rows, ids included (UUIDv7 made from each row's creation time and the seeded generator).

Rows look like the services' own (compare ``heron/*/service.py``): ``search_text`` and
``name_key`` from the model's ``search_text_of`` and ``name_key_of``, custom values in their
stored form (custom_fields/values.py), the primary e-mail address and phone number copied
onto the contact, deal positions 1024 apart in each column in creation order and the status
of the deal's stage, a contact's ``last_activity_at`` from its latest logged activity, and
one ``<kind>.created`` event per record with the snapshot the service records (and a
``.deleted`` event for the 1% in the trash). Each generator yields batches: table name ->
rows (dicts of every column), tables in an order that satisfies the foreign keys.
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
import uuid
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from heron.activities.service import EVENT_FIELDS as ACTIVITY_FIELDS
from heron.companies.service import EVENT_FIELDS as COMPANY_FIELDS
from heron.contacts.service import EVENT_FIELDS as CONTACT_FIELDS
from heron.deals.service import EVENT_FIELDS as DEAL_FIELDS
from heron.leads.service import EVENT_FIELDS as LEAD_FIELDS
from heron.models import Company, Contact, Deal, Lead
from heron.seed.bulk import vocabulary as words
from heron.seed.bulk.workspace import PipelineInfo, Workspace

Batch = dict[str, list[dict[str, Any]]]
LOGGED_KINDS = ("note", "call", "meeting", "email")
POSITION_STEP = 1024.0  # heron.deals.repository.POSITION_STEP
HISTORY = timedelta(days=3 * 365)  # records were made over the three years before the anchor
TRASH_SHARE = 0.01
TRASH_DAYS = 25  # deleted recently: the purge after 30 days has not run yet
BATCH = 5_000


def zipf_cumulative(n: int, exponent: float = 1.1, offset: float = 10.0) -> list[float]:
    """Cumulative weights of ``n`` items where item ``i`` weighs ``1 / (i + offset)^exponent``:
    the first items are drawn most (the huge accounts, the common names), most rarely."""
    return list(itertools.accumulate(1.0 / (i + offset) ** exponent for i in range(n)))


class Draw:
    """A seeded generator for one stream of rows (each table has its own, so changing one
    leaves the others as they were)."""

    def __init__(self, seed: int, stream: str) -> None:
        # Deterministic test data, not secrets.
        self.rng = random.Random(f"{seed}:{stream}")  # noqa: S311

    def pick(self, items: Sequence[Any], cumulative: Sequence[float]) -> Any:
        return items[bisect.bisect(cumulative, self.rng.random() * cumulative[-1])]

    def index(self, cumulative: Sequence[float]) -> int:
        return bisect.bisect(cumulative, self.rng.random() * cumulative[-1])

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def uuid_at(self, moment: datetime) -> uuid.UUID:
        """A UUIDv7 for ``moment`` (as heron.kit.ids.uuid7 makes, with seeded random bits)."""
        ms = int(moment.timestamp() * 1000)
        value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | self.rng.getrandbits(12) << 64
        return uuid.UUID(int=value | 0b10 << 62 | self.rng.getrandbits(62))

    def count(self, mean: float, cap: int = 60) -> int:
        """A skewed count with this mean: most records have a few, some have many."""
        return min(cap, int(self.rng.expovariate(1.0 / mean) + 0.5)) if mean > 0 else 0


_JSONABLE: dict[type, Any] = {
    uuid.UUID: str, datetime: datetime.isoformat, date: date.isoformat, Decimal: str,
}  # fmt: skip


def snapshot(row: dict[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    """heron.events.service.snapshot for a row given as a dict (the same values, faster: a
    test compares the two)."""
    made = {}
    for f in fields:
        value = row[f]
        convert = _JSONABLE.get(type(value))
        made[f] = convert(value) if convert is not None else value
    return made


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _event(
    draw: Draw, ws: Workspace, type_: str, entity: str, entity_id: uuid.UUID,
    actor: uuid.UUID, changes: dict[str, Any], at: datetime,
) -> dict[str, Any]:  # fmt: skip
    """An event as heron.events.service.record writes it (the seeding has no request)."""
    return {
        "id": draw.uuid_at(at), "org_id": ws.org_id, "type": type_, "entity": entity,
        "entity_id": entity_id, "actor_type": "user", "actor_id": actor, "changes": changes,
        "ip": None, "request_id": None, "created_at": at,
    }  # fmt: skip


def _record_columns(
    ws: Workspace, id_: uuid.UUID, at: datetime, owner: uuid.UUID, custom: dict[str, Any],
) -> dict[str, Any]:  # fmt: skip
    """The columns every record kind shares (models/record.py mixins), as made by create."""
    return {
        "id": id_, "org_id": ws.org_id, "created_at": at, "updated_at": at, "version": 1,
        "owner_id": owner, "created_by_id": owner, "deleted_at": None, "deleted_by_id": None,
        "custom": custom,
    }  # fmt: skip


class Generator:
    """Every generated row of one workspace. Call the methods in order: companies, contacts,
    leads, deals (each uses what the earlier ones made)."""

    def __init__(self, ws: Workspace, seed: int, anchor: datetime) -> None:
        self.ws = ws
        self.seed = seed
        self.anchor = anchor
        self.start = anchor - HISTORY
        self.owner_ids = ws.owner_ids
        self.owner_weights = zipf_cumulative(len(self.owner_ids), 0.8, 1.0)
        self.tag_ids = [t for t, _ in ws.tags]
        self.tag_names = {t: n for t, n in ws.tags}
        self.tag_weights = zipf_cumulative(len(self.tag_ids), 1.0, 1.0)
        self.first_weights = zipf_cumulative(len(words.FIRST_NAMES), 1.0, 5.0)
        self.last_weights = zipf_cumulative(len(words.LAST_NAMES), 1.0, 5.0)
        self.city_weights = zipf_cumulative(len(words.CITIES), 0.9, 2.0)
        self.word_weights = zipf_cumulative(len(words.COMPANY_WORDS), 0.7)
        # Filled as the generators run.
        # (id, name, domain, employees, city, country) by company number.
        self.companies: list[tuple[uuid.UUID, str, str, int, str, str]] = []
        self.company_weights: list[float] = []
        self.contacts_of: list[list[uuid.UUID]] = []
        self.contact_ids: list[uuid.UUID] = []

    # Shared pieces
    def _moment(self, draw: Draw, i: int, n: int) -> datetime:
        """The creation time of the ``i``-th of ``n`` records: spread over the history, in
        order, so ids (time-ordered) follow creation as in the app."""
        fraction = (i + draw.rng.random()) / max(n, 1)
        return self.start + HISTORY * fraction

    def _owner(self, draw: Draw) -> uuid.UUID:
        owner: uuid.UUID = draw.pick(self.owner_ids, self.owner_weights)
        return owner

    def _tags(self, draw: Draw, share: float) -> list[uuid.UUID]:
        if not draw.chance(share):
            return []
        count = 1 + (draw.chance(0.3)) + (draw.chance(0.1))
        return sorted({draw.pick(self.tag_ids, self.tag_weights) for _ in range(count)})

    def _taggings(
        self, draw: Draw, kind: str, record_id: uuid.UUID, tag_ids: list[uuid.UUID],
        at: datetime,
    ) -> list[dict[str, Any]]:  # fmt: skip
        return [
            {"id": draw.uuid_at(at), "org_id": self.ws.org_id, "tag_id": t,
             "record_kind": kind, "record_id": record_id}
            for t in tag_ids
        ]  # fmt: skip

    def _created(
        self, draw: Draw, kind: str, row: dict[str, Any], fields: Sequence[str],
        extra: dict[str, Any], tag_ids: list[uuid.UUID],
    ) -> list[dict[str, Any]]:  # fmt: skip
        """The record's ``<kind>.created`` event (and ``.deleted`` when it is in the trash)."""
        changes = snapshot(row, fields) | extra | {"custom": row["custom"]}
        if tag_ids:
            changes["tags"] = sorted(self.tag_names[t] for t in tag_ids)
        made = [
            _event(draw, self.ws, f"{kind}.created", kind, row["id"], row["created_by_id"],
                   changes, row["created_at"])
        ]  # fmt: skip
        if row["deleted_at"] is not None:
            # A deletion snapshots the columns (and a contact's lists, its own override).
            gone = snapshot(row, fields) | (extra if kind == "contact" else {})
            made.append(
                _event(draw, self.ws, f"{kind}.deleted", kind, row["id"], row["deleted_by_id"],
                       gone, row["deleted_at"])
            )  # fmt: skip
        return made

    def _maybe_trash(self, draw: Draw, row: dict[str, Any]) -> None:
        if draw.chance(TRASH_SHARE):
            row["deleted_at"] = self.anchor - timedelta(days=draw.rng.uniform(0.5, TRASH_DAYS))
            row["deleted_by_id"] = row["owner_id"]

    def _phone(self, draw: Draw, country: str) -> str:
        digits = "".join(str(draw.rng.randrange(10)) for _ in range(8))
        if country == "FR":
            return f"+331{digits}"
        if country == "DE":
            return f"+4930{digits}"
        if country == "GB":
            return f"+4420{7 + draw.rng.randrange(2)}{digits[:7]}"
        return f"+1{draw.rng.choice(('212', '415', '312', '617'))}555{digits[:4]}"

    # Companies
    def companies_batches(self) -> Iterator[Batch]:
        draw = Draw(self.seed, "companies")
        n = self.ws.size.companies
        # Each company's weight as an employer of contacts and deals: a few huge, most small.
        sizes = list(range(n))
        draw.rng.shuffle(sizes)
        self.company_weights = list(
            itertools.accumulate(1.0 / (rank + 10.0) ** 1.1 for rank in sizes)
        )
        self.contacts_of = [[] for _ in range(n)]
        batch: Batch = _batch("companies", "taggings", "events")
        for i in range(n):
            self._company(draw, i, sizes[i], batch)
            if len(batch["companies"]) >= BATCH:
                yield batch
                batch = _batch("companies", "taggings", "events")
        yield batch

    def _company(self, draw: Draw, i: int, rank: int, batch: Batch) -> None:
        rng = draw.rng
        at = self._moment(draw, i, self.ws.size.companies)
        word = draw.pick(words.COMPANY_WORDS, self.word_weights)
        middle = f" {rng.choice(words.INDUSTRIES).title()}" if rng.random() < 0.5 else ""
        name = f"{word}{middle} {rng.choice(words.COMPANY_SUFFIXES)}"
        domain = f"{_slug(name)}-{i}.example"
        city, country = draw.pick(words.CITIES, self.city_weights)
        employees = max(1, int(200_000 / (rank + 10) ** 1.1 * rng.uniform(0.5, 1.5)))
        tier = "gold" if rank < 0.05 * self.ws.size.companies else (
            "silver" if rank < 0.3 * self.ws.size.companies else "bronze")  # fmt: skip
        segment = "enterprise" if employees >= 1000 else ("mid" if employees >= 100 else "smb")
        custom: dict[str, Any] = {"tier": tier, "segment": segment}
        if rng.random() < 0.4:
            custom["renewal_date"] = (
                (self.anchor + timedelta(days=rng.randrange(-60, 365))).date().isoformat()
            )
        revenue = (
            Decimal(employees * rng.randrange(50_000, 250_000)) if rng.random() < 0.5 else None
        )
        row = _record_columns(self.ws, draw.uuid_at(at), at, self._owner(draw), custom) | {
            "name": name, "domain": domain, "website": f"https://www.{domain}",
            "industry": rng.choice(words.INDUSTRIES), "employee_count": employees,
            "annual_revenue": revenue,
            "annual_revenue_currency": rng.choice(("EUR", "USD")) if revenue else None,
            "phone": self._phone(draw, country) if rng.random() < 0.6 else None,
            "description": None, "address_street": None, "address_city": city,
            "address_region": None, "address_postal_code": None, "address_country": country,
        }  # fmt: skip
        row["search_text"] = Company.search_text_of(row)
        row["name_key"] = Company.name_key_of(row)
        self._maybe_trash(draw, row)
        tags = self._tags(draw, 0.3)
        batch["companies"].append(row)
        batch["taggings"] += self._taggings(draw, "company", row["id"], tags, at)
        batch["events"] += self._created(draw, "company", row, COMPANY_FIELDS, {}, tags)
        self.companies.append((row["id"], name, domain, employees, city, country))

    # Contacts, with their e-mail addresses, phone numbers and activities
    def contacts_batches(self) -> Iterator[Batch]:
        draw = Draw(self.seed, "contacts")
        acts = Draw(self.seed, "contact-activities")
        tables = ("contacts", "contact_emails", "contact_phones", "taggings", "activities",
                  "activity_links", "events")  # fmt: skip
        batch = _batch(*tables)
        for i in range(self.ws.size.contacts):
            self._contact(draw, acts, i, batch)
            if len(batch["contacts"]) >= BATCH:
                yield batch
                batch = _batch(*tables)
        yield batch

    def _contact(self, draw: Draw, acts: Draw, i: int, batch: Batch) -> None:
        rng = draw.rng
        at = self._moment(draw, i, self.ws.size.contacts)
        company = draw.index(self.company_weights) if rng.random() < 0.9 else None
        first: str | None = draw.pick(words.FIRST_NAMES, self.first_weights)
        last: str | None = draw.pick(words.LAST_NAMES, self.last_weights)
        if rng.random() < 0.02:
            last = None
        elif rng.random() < 0.01:
            first = None
        local = ".".join(p.lower() for p in (first, last) if p) or "contact"
        if company is not None:
            _, _, domain, _, city, country = self.companies[company]
        else:
            domain = rng.choice(words.FREE_MAIL)
            city, country = draw.pick(words.CITIES, self.city_weights)
        emails = [(f"{local}.{i:x}@{domain}", "work")] if rng.random() < 0.97 else []
        if emails and rng.random() < 0.15:
            emails.append(
                (f"{local}{rng.randrange(100)}.{i:x}@{rng.choice(words.FREE_MAIL)}", "home")
            )
        phones = [(self._phone(draw, country), "work")] if rng.random() < 0.7 else []
        if phones and rng.random() < 0.2:
            other = self._phone(draw, country)
            if other != phones[0][0]:  # a contact's numbers are unique
                phones.append((other, "mobile"))
        if first is None and last is None and not emails:
            first = "Unnamed"
        owner = self._owner(draw)
        contact_id = draw.uuid_at(at)
        custom = self._contact_custom(draw)
        row = _record_columns(self.ws, contact_id, at, owner, custom) | {
            "first_name": first, "last_name": last,
            "email": emails[0][0] if emails else None, "phone": phones[0][0] if phones else None,
            "job_title": rng.choice(words.JOB_TITLES) if rng.random() < 0.8 else None,
            "company_id": self.companies[company][0] if company is not None else None,
            "lifecycle_status": rng.choice(("lead", "opportunity", "customer", "customer",
                                            "subscriber", "other")),
            "source": rng.choice(words.SOURCES) if rng.random() < 0.6 else None,
            "social": {}, "address_street": None, "address_city": city, "address_region": None,
            "address_postal_code": None, "address_country": country, "last_activity_at": None,
        }  # fmt: skip
        row["search_text"] = Contact.search_text_of(row)
        row["name_key"] = Contact.name_key_of(row)
        self._maybe_trash(draw, row)
        email_list = [
            {"email": e, "label": label, "primary": n == 0} for n, (e, label) in enumerate(emails)
        ]
        phone_list = [
            {"number": p, "label": label, "primary": n == 0} for n, (p, label) in enumerate(phones)
        ]
        for n, item in enumerate(email_list):
            batch["contact_emails"].append(
                {"id": draw.uuid_at(at), "org_id": self.ws.org_id, "contact_id": contact_id,
                 "email": item["email"], "label": item["label"], "is_primary": item["primary"],
                 "position": n}
            )  # fmt: skip
        for n, item in enumerate(phone_list):
            batch["contact_phones"].append(
                {"id": draw.uuid_at(at), "org_id": self.ws.org_id, "contact_id": contact_id,
                 "number": item["number"], "label": item["label"], "is_primary": item["primary"],
                 "position": n}
            )  # fmt: skip
        tags = self._tags(draw, 0.15)
        batch["taggings"] += self._taggings(draw, "contact", contact_id, tags, at)
        extra = {"emails": email_list, "phones": phone_list}
        batch["events"] += self._created(draw, "contact", row, CONTACT_FIELDS, extra, tags)
        company_id = row["company_id"]
        links = [("contact", contact_id)]
        for activity in self._activities(acts, owner, at, self.ws.size.activities_per_contact):
            about = list(links)
            if company_id is not None and acts.chance(0.5):
                about.append(("company", company_id))
            self._add_activity(acts, activity, about, batch)
            if activity["kind"] in LOGGED_KINDS:
                done = activity["done_at"]
                if row["last_activity_at"] is None or done > row["last_activity_at"]:
                    row["last_activity_at"] = done
        batch["contacts"].append(row)
        self.contact_ids.append(contact_id)
        if company is not None and row["deleted_at"] is None:
            self.contacts_of[company].append(contact_id)

    def _contact_custom(self, draw: Draw) -> dict[str, Any]:
        rng = draw.rng
        roll = rng.random()
        custom: dict[str, Any] = {
            "tier": "gold" if roll < 0.1 else ("silver" if roll < 0.35 else "bronze")
        }
        if rng.random() < 0.8:
            custom["region"] = rng.choice(("emea", "emea", "amer", "amer", "apac"))
        if rng.random() < 0.5:
            custom["score"] = rng.randrange(0, 101)
        if rng.random() < 0.6:
            custom["newsletter"] = rng.random() < 0.4
        if rng.random() < 0.3:
            custom["birthday"] = date(
                rng.randrange(1950, 2004), rng.randrange(1, 13), rng.randrange(1, 29)
            ).isoformat()
        return custom

    # Activities
    def _activities(
        self, draw: Draw, owner: uuid.UUID, since: datetime, mean: float
    ) -> Iterator[dict[str, Any]]:
        rng = draw.rng
        span = (self.anchor - since).total_seconds()
        for _ in range(draw.count(mean)):
            at = since + timedelta(seconds=rng.random() * span)
            kind = rng.choice(("note", "note", "call", "call", "email", "meeting", "task"))
            row: dict[str, Any] = {
                "id": draw.uuid_at(at), "org_id": self.ws.org_id, "created_at": at,
                "updated_at": at, "version": 1, "owner_id": owner, "created_by_id": owner,
                "deleted_at": None, "deleted_by_id": None, "kind": kind, "body": None,
                "due_at": None, "done_at": None, "duration_minutes": None, "outcome": None,
                "assignee_id": None,
            }  # fmt: skip
            if kind == "task":
                row["subject"] = rng.choice(words.TASK_SUBJECTS)
                row["due_at"] = at + timedelta(days=rng.randrange(1, 15))
                row["assignee_id"] = owner
                if row["due_at"] < self.anchor and rng.random() < 0.7:
                    row["done_at"] = min(row["due_at"], self.anchor)
            else:
                row["subject"] = rng.choice(words.NOTE_SUBJECTS)
                row["done_at"] = at
                if kind in ("call", "meeting"):
                    row["duration_minutes"] = rng.choice((5, 15, 30, 45, 60))
                if kind == "call":
                    row["outcome"] = rng.choice(words.CALL_OUTCOMES)
            if rng.random() < 0.6:
                row["body"] = " ".join(rng.sample(words.BODY_SENTENCES, rng.randrange(1, 4)))
            yield row

    def _add_activity(
        self, draw: Draw, row: dict[str, Any], about: list[tuple[str, uuid.UUID]], batch: Batch
    ) -> None:
        batch["activities"].append(row)
        for kind, record_id in about:
            batch["activity_links"].append(
                {"id": draw.uuid_at(row["created_at"]), "org_id": self.ws.org_id,
                 "activity_id": row["id"], "record_kind": kind, "record_id": record_id}
            )  # fmt: skip
        changes = snapshot(row, ACTIVITY_FIELDS) | {
            "links": [f"{kind}:{record_id}" for kind, record_id in about]
        }
        batch["events"].append(
            _event(draw, self.ws, "activity.created", "activity", row["id"], row["created_by_id"],
                   changes, row["created_at"])
        )  # fmt: skip

    # Leads
    def leads_batches(self) -> Iterator[Batch]:
        draw = Draw(self.seed, "leads")
        batch = _batch("leads", "taggings", "events")
        n = self.ws.size.leads
        statuses = ("new",) * 35 + ("contacted",) * 30 + ("qualified",) * 15 + ("unqualified",) * 20
        for i in range(n):
            rng = draw.rng
            at = self._moment(draw, i, n)
            first = draw.pick(words.FIRST_NAMES, self.first_weights)
            last = draw.pick(words.LAST_NAMES, self.last_weights)
            company = f"{rng.choice(words.COMPANY_WORDS)} {rng.choice(words.COMPANY_SUFFIXES)}"
            custom = {"campaign": f"Campaign {rng.randrange(1, 40)}"} if rng.random() < 0.3 else {}
            row = _record_columns(self.ws, draw.uuid_at(at), at, self._owner(draw), custom) | {
                "name": f"{first} {last}",
                "email": f"{first.lower()}.{last.lower()}.{i:x}@{_slug(company)}.example"
                if rng.random() < 0.9 else None,
                "phone": self._phone(draw, "US") if rng.random() < 0.4 else None,
                "company_name": company, "website": None,
                "title": rng.choice(words.JOB_TITLES) if rng.random() < 0.6 else None,
                "source": rng.choice(words.SOURCES), "status": rng.choice(statuses),
                "score": rng.randrange(0, 101) if rng.random() < 0.5 else None,
                "converted_at": None, "converted_contact_id": None, "converted_company_id": None,
                "converted_deal_id": None,
            }  # fmt: skip
            row["search_text"] = Lead.search_text_of(row)
            row["name_key"] = Lead.name_key_of(row)
            self._maybe_trash(draw, row)
            tags = self._tags(draw, 0.1)
            batch["leads"].append(row)
            batch["taggings"] += self._taggings(draw, "lead", row["id"], tags, at)
            batch["events"] += self._created(draw, "lead", row, LEAD_FIELDS, {}, tags)
            if len(batch["leads"]) >= BATCH:
                yield batch
                batch = _batch("leads", "taggings", "events")
        yield batch

    # Deals
    def deals_batches(self) -> Iterator[Batch]:
        """The default pipeline's deals (the board benchmark's), then the other pipelines'."""
        size = self.ws.size
        default, others = self.ws.pipelines[0], self.ws.pipelines[1:]
        plan = [(default, size.board_deals)]
        plan += [(p, size.other_deals // len(others) + (k < size.other_deals % len(others)))
                 for k, p in enumerate(others)]  # fmt: skip
        draw = Draw(self.seed, "deals")
        acts = Draw(self.seed, "deal-activities")
        tables = ("deals", "deal_contacts", "taggings", "activities", "activity_links", "events")
        batch = _batch(*tables)
        for pipeline, count in plan:
            positions = {s.id: 0.0 for s in pipeline.stages}
            for i in range(count):
                self._deal(draw, acts, pipeline, i, count, positions, batch)
                if len(batch["deals"]) >= BATCH:
                    yield batch
                    batch = _batch(*tables)
        yield batch

    def _stage_weights(self, pipeline: PipelineInfo) -> list[float]:
        # Early stages hold the most deals; closed ones a good share of the history.
        weights = []
        open_stages = [s for s in pipeline.stages if s.kind == "open"]
        for stage in pipeline.stages:
            if stage.kind == "open":
                weights.append(
                    0.75
                    * (len(open_stages) - open_stages.index(stage))
                    / sum(range(1, len(open_stages) + 1))
                )
            else:
                weights.append(0.15 if stage.kind == "won" else 0.10)
        return list(itertools.accumulate(weights))

    def _deal(
        self, draw: Draw, acts: Draw, pipeline: PipelineInfo, i: int, n: int,
        positions: dict[uuid.UUID, float], batch: Batch,
    ) -> None:  # fmt: skip
        rng = draw.rng
        at = self._moment(draw, i, n)
        stage = draw.pick(pipeline.stages, self._stage_weights(pipeline))
        company = draw.index(self.company_weights)
        company_id, company_name, _, employees, _, _ = self.companies[company]
        people = self.contacts_of[company]
        contact = rng.choice(people) if people else None
        positions[stage.id] += POSITION_STEP
        amount = Decimal(round(rng.lognormvariate(9.5, 1.0) * (1 + employees / 5_000), 2))
        closed = stage.kind in ("won", "lost")
        custom: dict[str, Any] = {"forecast": rng.choice(("pipeline", "best_case", "commit"))}
        if rng.random() < 0.1:
            custom["competitor"] = rng.choice(words.COMPANY_WORDS)
        owner = self._owner(draw)
        row = _record_columns(self.ws, draw.uuid_at(at), at, owner, custom) | {
            "name": f"{company_name.split()[0]} {rng.choice(words.DEAL_WORDS)}",
            "amount": amount.quantize(Decimal("0.01")), "currency": pipeline.currency,
            "pipeline_id": pipeline.id, "stage_id": stage.id, "probability": None,
            "expected_close_date": (at + timedelta(days=rng.randrange(14, 180))).date(),
            "status": stage.kind, "lost_reason": rng.choice(("Price", "Timing", "Competitor", None))
            if stage.kind == "lost" else None,
            "closed_at": at if closed else None, "company_id": company_id,
            "position": positions[stage.id], "stage_entered_at": at,
        }  # fmt: skip
        row["search_text"] = Deal.search_text_of(row)
        self._maybe_trash(draw, row)
        links = []
        if contact is not None:
            links.append(f"{contact} (primary)")
            batch["deal_contacts"].append(
                {"id": draw.uuid_at(at), "org_id": self.ws.org_id, "deal_id": row["id"],
                 "contact_id": contact, "is_primary": True}
            )  # fmt: skip
        tags = self._tags(draw, 0.2)
        batch["deals"].append(row)
        batch["taggings"] += self._taggings(draw, "deal", row["id"], tags, at)
        extra = {"contacts": links} if links else {}
        batch["events"] += self._created(draw, "deal", row, DEAL_FIELDS, extra, tags)
        for activity in self._activities(acts, owner, at, self.ws.size.activities_per_deal):
            self._add_activity(acts, activity, [("deal", row["id"])], batch)


def _batch(*tables: str) -> Batch:
    return {t: [] for t in tables}

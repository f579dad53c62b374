"""The bulk writer: prepared rows -> created or updated records, a batch at a time.

Per batch: rows with the same match key are merged in memory; existing records are looked up
by key in one query (the database is the index, so memory does not grow with the file, and a
record created by an earlier batch is found like any other); companies named in a column and
tags are found or created once per distinct name; then records, e-mail and phone rows,
taggings and the undo ledger are written in bulk (``bulk.py``). What the app's own writes keep
consistent is kept here too: search text (and so the FTS and trigram indexes), versions,
lower-cased e-mails, E.164 phones, the primary address copied onto the contact, validated
custom values with their defaults.

Every row gets an outcome: created, updated, unchanged, merged (into a record this import
created or changed), skipped (by the mode) or failed (with its problems).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from heron.custom_fields.values import validate_values
from heron.imports import bulk
from heron.imports.kinds import SPECS, name_key, named, search_text
from heron.imports.plan import Plan
from heron.imports.rows import Prepared, Problem
from heron.imports.targets import CUSTOM_PREFIX
from heron.kit.errors import ValidationFailed
from heron.kit.ids import uuid7
from heron.kit.subject import Subject
from heron.models import (
    Company,
    ContactEmail,
    ContactPhone,
    CustomField,
    ImportChange,
    Tag,
    Tagging,
)
from heron.models.base import utcnow
from heron.records.visibility import visible_clause, within_scope
from heron.roles.matrix import Action, scope_for


@dataclass
class Outcome:
    line: int
    result: str  # created | updated | unchanged | merged | skipped | failed
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Target:
    """A record a group of rows goes to: an existing one (``row``) or a new one."""

    rows: list[Prepared]
    existing: dict[str, Any] | None = None
    # The record was created or changed earlier by this same import.
    ours: bool = False


class BatchWriter:
    def __init__(
        self,
        session: AsyncSession,
        subject: Subject,
        plan: Plan,
        import_id: uuid.UUID,
        custom: Sequence[CustomField],
        member_ids: set[uuid.UUID],
        headers: Sequence[str],
    ) -> None:
        self.session = session
        self.subject = subject
        self.plan = plan
        self.spec = SPECS[plan.kind]
        self.import_id = import_id
        self.custom = list(custom)
        self.member_ids = member_ids
        self.org_id = subject.org_id
        self.read_scope = scope_for(subject.role, plan.kind, Action.read)
        self.update_scope = scope_for(subject.role, plan.kind, Action.update)
        self.custom_columns = _custom_columns(plan, headers)
        self.companies_created = 0
        self.tags_created = 0
        self._written = 0
        self._analyzed_at = 0

    # The batch
    async def write(self, rows: Sequence[Prepared]) -> list[Outcome]:
        await self._refresh_stats()
        self._written += len(rows)
        now = utcnow()
        outcomes: dict[int, Outcome] = {}
        targets = self._group(rows, outcomes)
        await self._match(targets, outcomes)
        company_ids = await self._companies(targets, outcomes, now)
        creates: list[tuple[_Target, dict[str, Any]]] = []
        updates: list[tuple[_Target, dict[str, Any], dict[str, Any]]] = []
        for target in targets:
            first = target.rows[0]
            if first.line in outcomes:
                continue
            merged = _fold(target.rows)
            company_id = company_ids.get(_company_key(merged)) if merged.company_name else None
            try:
                if target.existing is None:
                    creates.append((target, self._new_row(merged, company_id, now)))
                else:
                    change = self._changed_row(target.existing, merged, company_id, now)
                    if change is not None:
                        updates.append((target, *change))
                    else:
                        self._settle(target, "unchanged", outcomes)
            except ValidationFailed as exc:
                self._fail(target, self._custom_problems(first.line, exc), outcomes)
        if self.spec.kind == "company":
            creates, updates = await self._free_domains(creates, updates, outcomes)
        await self._write_creates(creates, now, outcomes)
        await self._write_updates(updates, outcomes)
        return [outcomes[r.line] for r in rows]

    async def _free_domains(
        self, creates: list[Any], updates: list[Any], outcomes: dict[int, Outcome]
    ) -> tuple[list[Any], list[Any]]:
        """A domain names one live company: rows that would give a second company a domain
        (held by a company of the organization, or by an earlier row of the batch) fail."""
        wanted = [(t, n) for t, n in creates] + [(t, n) for t, n, _ in updates]
        domains = [n["domain"] for _, n in wanted if n.get("domain")]
        holders: dict[str, uuid.UUID] = {}
        if domains:
            stmt = select(Company.domain, Company.id).where(
                Company.org_id == self.org_id, Company.deleted_at.is_(None),
                Company.domain.in_(domains),
            )  # fmt: skip
            holders = {str(d): i for d, i in await self.session.execute(stmt)}
        refused: set[int] = set()
        for target, new in wanted:
            domain = new.get("domain")
            if domain and holders.setdefault(domain, new["id"]) != new["id"]:
                line = target.rows[0].line
                reason = f"Another company already has the domain {domain}."
                self._fail(target, [Problem(line, None, domain, reason)], outcomes)
                refused.add(line)
        keep = [c for c in creates if c[0].rows[0].line not in refused]
        return keep, [u for u in updates if u[0].rows[0].line not in refused]

    async def _refresh_stats(self) -> None:
        """PostgreSQL: new statistics each time the rows written double (from 2,000), so key
        lookups keep their indexes as the tables grow inside the import's transaction
        (migration 0007); about ten times in a million rows."""
        if bulk.dialect(self.session) != "postgresql":
            return
        if self._written < 2_000 or self._written < 2 * self._analyzed_at:
            return
        self._analyzed_at = self._written
        await self.session.execute(text("SELECT heron_refresh_import_stats()"))

    # Grouping and matching
    def _group(self, rows: Sequence[Prepared], outcomes: dict[int, Outcome]) -> list[_Target]:
        by_key: dict[str, _Target] = {}
        targets: list[_Target] = []
        for row in rows:
            if row.key is None:
                if self.plan.match_on and self.plan.mode == "update":
                    what = self.plan.match_on.removeprefix(CUSTOM_PREFIX)
                    outcomes[row.line] = Outcome(
                        row.line,
                        "failed",
                        [Problem(row.line, None, None, f"The match key ({what}) is empty: this "
                                 "row cannot be matched to an existing record.")],
                    )  # fmt: skip
                    continue
                targets.append(_Target([row]))
            elif row.key in by_key:
                by_key[row.key].rows.append(row)
            else:
                by_key[row.key] = _Target([row])
                targets.append(by_key[row.key])
        return targets

    async def _match(self, targets: list[_Target], outcomes: dict[int, Outcome]) -> None:
        keyed = {t.rows[0].key: t for t in targets if t.rows[0].key is not None}
        if not keyed or self.plan.match_on is None:
            self._by_mode_unmatched(targets, outcomes)
            return
        found = await self._existing(list(keyed))
        ours = await self._ours([row["id"] for row in found.values()])
        for key, target in keyed.items():
            row = found.get(str(key))
            if row is None:
                continue
            target.existing, target.ours = row, row["id"] in ours
            if target.ours:
                continue
            if self.plan.mode == "create":
                self._settle(target, "skipped", outcomes, _exists(self.spec.noun, key))
            elif not within_scope(_Owned(row["owner_id"]), self.subject, self.update_scope):
                self._fail(
                    target,
                    [Problem(target.rows[0].line, None, key,
                             f"A {self.spec.noun} with this key exists but your role may not "
                             "change it.")],
                    outcomes,
                )  # fmt: skip
        self._by_mode_unmatched(targets, outcomes)

    def _by_mode_unmatched(self, targets: list[_Target], outcomes: dict[int, Outcome]) -> None:
        if self.plan.mode != "update":
            return
        for target in targets:
            if target.existing is None and target.rows[0].line not in outcomes:
                self._settle(
                    target, "skipped", outcomes,
                    f"No {self.spec.noun} matches this row (update only).",
                )  # fmt: skip

    async def _existing(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        """Live records the caller may see whose key is among ``keys``, as dicts."""
        spec, match_on = self.spec, self.plan.match_on or ""
        table = spec.table
        model: Any = spec.model
        if match_on.startswith(CUSTOM_PREFIX):
            key_expr: Any = model.custom[match_on[len(CUSTOM_PREFIX) :]].as_string()
        elif spec.kind == "contact" and match_on == "email":
            key_expr = ContactEmail.email
        else:
            key_expr = spec.key_column(match_on)
        stmt = select(key_expr.label("_key"), *table.c).where(
            model.org_id == self.org_id, model.deleted_at.is_(None), key_expr.in_(keys)
        )
        if spec.kind == "contact" and match_on == "email":
            stmt = stmt.join(ContactEmail, ContactEmail.contact_id == model.id).where(
                ContactEmail.org_id == self.org_id
            )
        visible = visible_clause(model, self.subject, self.read_scope)
        if visible is not None:
            stmt = stmt.where(visible)
        found: dict[str, dict[str, Any]] = {}
        for row in (await self.session.execute(stmt)).mappings():
            found.setdefault(str(row["_key"]), {k: v for k, v in row.items() if k != "_key"})
        if spec.kind == "contact" and found:
            await self._load_children(list(found.values()))
        await self._load_tags(list(found.values()))
        return found

    async def _load_tags(self, rows: list[dict[str, Any]]) -> None:
        by_id = {r["id"]: r for r in rows}
        for r in rows:
            r["_tags"] = set()
        if not rows:
            return
        stmt = (
            select(Tagging.record_id, func.lower(Tag.name))
            .join(Tag, Tag.id == Tagging.tag_id)
            .where(
                Tagging.org_id == self.org_id,
                Tagging.record_kind == self.spec.kind,
                Tagging.record_id.in_(list(by_id)),
            )
        )
        for record_id, name in await self.session.execute(stmt):
            by_id[record_id]["_tags"].add(name)

    async def _load_children(self, rows: list[dict[str, Any]]) -> None:
        ids = [r["id"] for r in rows]
        by_id = {r["id"]: r for r in rows}
        for r in rows:
            r["_emails"], r["_phones"] = [], []
        emails = (
            select(ContactEmail.contact_id, ContactEmail.email)
            .where(ContactEmail.org_id == self.org_id, ContactEmail.contact_id.in_(ids))
            .order_by(ContactEmail.position)
        )
        for contact_id, email in await self.session.execute(emails):
            by_id[contact_id]["_emails"].append(email)
        phones = (
            select(ContactPhone.contact_id, ContactPhone.number, ContactPhone.label)
            .where(ContactPhone.org_id == self.org_id, ContactPhone.contact_id.in_(ids))
            .order_by(ContactPhone.position)
        )
        for contact_id, number, label in await self.session.execute(phones):
            by_id[contact_id]["_phones"].append((number, label))

    async def _ours(self, ids: list[uuid.UUID]) -> set[uuid.UUID]:
        if not ids:
            return set()
        # The whole unique key (import, kind, record): the lookup stays an index probe per id
        # however many records the import has written.
        stmt = select(ImportChange.record_id).where(
            ImportChange.org_id == self.org_id,
            ImportChange.import_id == self.import_id,
            ImportChange.record_kind == self.spec.kind,
            ImportChange.record_id.in_(ids),
        )
        return set(await self.session.scalars(stmt))

    # Companies named in a column (contacts)
    async def _companies(
        self, targets: list[_Target], outcomes: dict[int, Outcome], now: datetime
    ) -> dict[str, uuid.UUID]:
        if self.spec.kind != "contact" or self.plan.companies == "none":
            return {}
        wanted: dict[str, Prepared] = {}
        for target in targets:
            if target.rows[0].line in outcomes:
                continue
            for row in target.rows:
                if row.company_name:
                    wanted.setdefault(_company_key(row), row)
        if not wanted:
            return {}
        found = await self._find_companies(wanted)
        missing = {k: row for k, row in wanted.items() if k not in found}
        if missing and self.plan.companies == "match":
            for target in targets:
                bad = [r for r in target.rows if r.company_name and _company_key(r) in missing]
                if bad and target.rows[0].line not in outcomes:
                    self._fail(
                        target,
                        [Problem(r.line, None, r.company_name,
                                 f"No company named {r.company_name} in your organization.")
                         for r in bad],
                        outcomes,
                    )  # fmt: skip
            return found
        new = []
        for key, row in missing.items():
            values = {"name": row.company_name, "domain": row.company_domain}
            new.append(self._record_row(SPECS["company"], values, {}, row.owner_id, now))
            found[key] = new[-1]["id"]
        if new:
            await bulk.insert_rows(self.session, Company.__table__, new)
            await self._ledger("company", [(r["id"], "created", None, 1) for r in new], fresh=True)
            self.companies_created += len(new)
        return found

    async def _find_companies(self, wanted: dict[str, Prepared]) -> dict[str, uuid.UUID]:
        domains = [r.company_domain for r in wanted.values() if r.company_domain]
        names = [
            r.company_name.lower()
            for r in wanted.values()
            if r.company_name and not r.company_domain
        ]
        found: dict[str, uuid.UUID] = {}
        live = (Company.org_id == self.org_id, Company.deleted_at.is_(None))
        if domains:
            stmt = select(Company.domain, Company.id).where(*live, Company.domain.in_(domains))
            for domain, id_ in await self.session.execute(stmt):
                found[f"domain:{domain}"] = id_
        if names:
            lowered = func.lower(Company.name)
            stmt = select(lowered, Company.id).where(*live, lowered.in_(names)).order_by(Company.id)
            for name, id_ in await self.session.execute(stmt):
                found.setdefault(f"name:{name}", id_)
        return found

    # New records
    def _new_row(
        self, row: Prepared, company_id: uuid.UUID | None, now: datetime
    ) -> dict[str, Any]:
        values = dict(row.values)
        if self.spec.kind == "contact":
            values["social"] = dict(row.social)
            values["company_id"] = company_id
        problem = named(self.spec, values)
        if problem:
            raise ValidationFailed(
                problem, details=[{"loc": [], "msg": problem, "type": "value_error"}]
            )
        custom = validate_values(
            self.custom, row.custom, existing=None, member_ids=self.member_ids, kind=self.spec.kind
        )
        return self._record_row(self.spec, values, custom, row.owner_id, now)

    def _record_row(
        self, spec: Any, values: dict[str, Any], custom: dict[str, Any],
        owner_id: uuid.UUID | None, now: datetime,
    ) -> dict[str, Any]:  # fmt: skip
        full = {c: values.get(c) for c in spec.columns}
        if spec.kind == "contact":
            full["social"] = full["social"] or {}
        if spec.kind == "lead":
            full["status"] = full["status"] or "new"
        return {
            "id": uuid7(), "org_id": self.org_id, "created_at": now, "updated_at": now,
            "version": 1, "owner_id": owner_id or self.subject.person_id,
            "created_by_id": self.subject.person_id, "deleted_at": None, "deleted_by_id": None,
            "custom": custom, "search_text": search_text(spec, full),
            **name_key(spec, full), **_extra_columns(spec.kind), **full,
        }  # fmt: skip

    async def _write_creates(
        self, creates: list[tuple[_Target, dict[str, Any]]], now: datetime,
        outcomes: dict[int, Outcome],
    ) -> None:  # fmt: skip
        if not creates:
            return
        await bulk.insert_rows(self.session, self.spec.table, [r for _, r in creates])
        if self.spec.kind == "contact":
            merged = {t.rows[0].line: _fold(t.rows) for t, _ in creates}
            await self._write_children(
                [(r["id"], merged[t.rows[0].line], [], []) for t, r in creates]
            )
        await self._write_tags([(r["id"], _fold(t.rows).tags, set()) for t, r in creates], now)
        await self._ledger(
            self.spec.kind, [(r["id"], "created", None, 1) for _, r in creates], fresh=True
        )
        for target, _ in creates:
            self._settle(target, "created", outcomes)

    # Changed records
    def _changed_row(
        self, current: dict[str, Any], row: Prepared, company_id: uuid.UUID | None, now: datetime
    ) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The new row and what it was before (for undo), or None when nothing changes."""
        values = dict(row.values)
        if self.spec.kind == "contact":
            emails = list(dict.fromkeys([*current["_emails"], *row.emails]))
            phones = _union_phones(current["_phones"], row.phones)
            values["email"] = emails[0] if emails else None
            values["phone"] = phones[0][0] if phones else None
            values["social"] = {**(current["social"] or {}), **row.social}
            if company_id is not None:
                values["company_id"] = company_id
        if row.owner_id is not None:
            values["owner_id"] = row.owner_id
        if row.custom:
            values["custom"] = validate_values(
                self.custom, row.custom, existing=current["custom"] or {},
                member_ids=self.member_ids, kind=self.spec.kind,
            )  # fmt: skip
        changed = {k: v for k, v in values.items() if current.get(k) != v}
        new_children = self.spec.kind == "contact" and (
            emails != current["_emails"] or phones != current["_phones"]
        )
        new_tags = [t for t in row.tags if t.lower() not in current["_tags"]]
        if not changed and not new_children and not new_tags:
            return None
        before = {k: _jsonable(current.get(k)) for k in changed}
        new = {**current, **changed, "updated_at": now}
        new["search_text"] = search_text(self.spec, new)
        before["search_text"] = current["search_text"]
        new |= name_key(self.spec, new)
        if "name_key" in new:
            before["name_key"] = current["name_key"]
        before["updated_at"] = _jsonable(current["updated_at"])
        if self.spec.kind == "contact":
            before["_emails"], before["_phones"] = current["_emails"], current["_phones"]
            new["_new_emails"] = [e for e in emails if e not in current["_emails"]]
            new["_new_phones"] = [
                p for p in phones if p[0] not in {n for n, _ in current["_phones"]}
            ]
            new["_positions"] = (len(current["_emails"]), len(current["_phones"]))
        return new, before

    async def _write_updates(
        self, updates: list[tuple[_Target, dict[str, Any], dict[str, Any]]],
        outcomes: dict[int, Outcome],
    ) -> None:  # fmt: skip
        if not updates:
            return
        columns = [*self.spec.columns, "owner_id", "custom", "search_text", "updated_at"]
        columns += list(name_key(self.spec, {}))
        await bulk.update_rows(self.session, self.spec.table, [n for _, n, _ in updates], columns)
        if self.spec.kind == "contact":
            await self._write_children(
                [
                    (n["id"], None, n["_new_emails"], n["_new_phones"], *n["_positions"])
                    for _, n, _ in updates
                ]
            )
        tagged = await self._write_tags(
            [(n["id"], _fold(t.rows).tags, None) for t, n, _ in updates], utcnow()
        )
        ledger = []
        for target, new, before in updates:
            before["_tags_added"] = [str(t) for t in tagged.get(new["id"], [])]
            ledger.append((new["id"], "updated", before, new["version"] + 1))
            self._settle(target, "merged" if target.ours else "updated", outcomes)
        await self._ledger(self.spec.kind, ledger)

    # Child rows, tags, ledger
    async def _write_children(self, items: list[tuple[Any, ...]]) -> None:
        emails, phones = [], []
        for item in items:
            contact_id, row = item[0], item[1]
            if row is not None:
                new_emails, new_phones, start_e, start_p = row.emails, row.phones, 0, 0
            else:
                new_emails, new_phones, start_e, start_p = item[2], item[3], item[4], item[5]
            for i, email in enumerate(new_emails):
                emails.append({"id": uuid7(), "org_id": self.org_id, "contact_id": contact_id,
                               "email": email, "label": None, "is_primary": start_e + i == 0,
                               "position": start_e + i})  # fmt: skip
            for i, (number, label) in enumerate(new_phones):
                phones.append({"id": uuid7(), "org_id": self.org_id, "contact_id": contact_id,
                               "number": number, "label": label, "is_primary": start_p + i == 0,
                               "position": start_p + i})  # fmt: skip
        await bulk.insert_rows(self.session, ContactEmail.__table__, emails)
        await bulk.insert_rows(self.session, ContactPhone.__table__, phones)

    async def _write_tags(
        self, items: list[tuple[uuid.UUID, list[str], set[uuid.UUID] | None]], now: datetime
    ) -> dict[uuid.UUID, list[uuid.UUID]]:
        """Put the named tags on the records (creating missing tags); what was added."""
        names = {n.lower(): n for _, tags, _ in items for n in tags}
        if not names:
            return {}
        lowered = func.lower(Tag.name)
        stmt = select(lowered, Tag.id).where(Tag.org_id == self.org_id, lowered.in_(list(names)))
        ids = {name: id_ for name, id_ in await self.session.execute(stmt)}
        made = {n: uuid7() for n in names if n not in ids}
        new_tags = [
            {"id": id_, "org_id": self.org_id, "name": names[n], "color": "#64748b",
             "created_at": now, "updated_at": now, "version": 1}
            for n, id_ in made.items()
        ]  # fmt: skip
        await bulk.insert_rows(self.session, Tag.__table__, new_tags)
        await self._ledger("tag", [(id_, "created", None, 1) for id_ in made.values()], fresh=True)
        ids.update(made)
        self.tags_created += len(new_tags)
        record_ids = [r for r, tags, _ in items if tags]
        present: set[tuple[Any, Any]] = set(
            await self.session.execute(
                select(Tagging.record_id, Tagging.tag_id).where(
                    Tagging.org_id == self.org_id, Tagging.record_kind == self.spec.kind,
                    Tagging.record_id.in_(record_ids),
                )
            )
        ) if any(existing is None for _, _, existing in items) else set()  # fmt: skip
        rows: list[dict[str, Any]] = []
        added: dict[uuid.UUID, list[uuid.UUID]] = {}
        for record_id, tags, _ in items:
            for name in dict.fromkeys(t.lower() for t in tags):
                pair = (record_id, ids[name])
                if pair in present:
                    continue
                present.add(pair)
                added.setdefault(record_id, []).append(ids[name])
                rows.append({"id": uuid7(), "org_id": self.org_id, "tag_id": ids[name],
                             "record_kind": self.spec.kind, "record_id": record_id})  # fmt: skip
        await bulk.insert_rows(self.session, Tagging.__table__, rows)
        return added

    async def _ledger(
        self, kind: str, items: list[tuple[uuid.UUID, str, Any, int]], *, fresh: bool = False
    ) -> None:
        """Note what this import did, for undo. A record touched again by a later batch (a
        duplicate further down the file) keeps its first entry, with its final version.
        ``fresh``: records made just now, which no entry can name yet."""
        if not items:
            return
        existing = {} if fresh else {
            r: (id_, v)
            for r, id_, v in await self.session.execute(
                select(ImportChange.record_id, ImportChange.id, ImportChange.version_after).where(
                    ImportChange.org_id == self.org_id, ImportChange.import_id == self.import_id,
                    ImportChange.record_kind == kind,
                    ImportChange.record_id.in_([i[0] for i in items]),
                )
            )
        }  # fmt: skip
        new, bumped = [], []
        for record_id, action, before, version in items:
            if record_id in existing:
                bumped.append(
                    {"id": existing[record_id][0], "version": 0, "version_after": version}
                )
            else:
                new.append({"id": uuid7(), "org_id": self.org_id, "import_id": self.import_id,
                            "record_kind": kind, "record_id": record_id, "action": action,
                            "before": before, "version_after": version})  # fmt: skip
        await bulk.insert_rows(self.session, ImportChange.__table__, new)
        if bumped:
            from sqlalchemy import bindparam, update

            table: Any = ImportChange.__table__
            await self.session.execute(
                update(table)
                .where(table.c.id == bindparam("_id"))
                .values(version_after=bindparam("_v")),
                [{"_id": b["id"], "_v": b["version_after"]} for b in bumped],
            )

    # Outcomes
    def _settle(
        self, target: _Target, result: str, outcomes: dict[int, Outcome], reason: str | None = None
    ) -> None:
        first, *rest = target.rows
        problems = [Problem(first.line, None, None, reason)] if reason else []
        outcomes[first.line] = Outcome(first.line, result, problems)
        for row in rest:
            problems = [Problem(row.line, None, None, reason)] if reason else []
            outcomes[row.line] = Outcome(
                row.line, result if result in ("skipped", "failed") else "merged", problems
            )

    def _fail(self, target: _Target, problems: list[Problem], outcomes: dict[int, Outcome]) -> None:
        for row in target.rows:
            mine = [p for p in problems if p.line == row.line] or [
                Problem(
                    row.line, None, None, f"Merged with row {target.rows[0].line}, which failed."
                )
            ]
            outcomes[row.line] = Outcome(row.line, "failed", mine)

    def _custom_problems(self, line: int, exc: ValidationFailed) -> list[Problem]:
        problems = []
        for detail in exc.details or [{"loc": [], "msg": exc.message}]:
            loc = detail.get("loc") or []
            key = loc[-1] if len(loc) >= 3 and loc[-2] == "custom" else None
            problems.append(
                Problem(
                    line, self.custom_columns.get(str(key)) if key else None, None, detail["msg"]
                )
            )
        return problems


@dataclass(frozen=True)
class _Owned:
    owner_id: uuid.UUID | None


def _custom_columns(plan: Plan, headers: Sequence[str]) -> dict[str, str]:
    return {
        t[len(CUSTOM_PREFIX) :]: headers[i]
        for i, t in enumerate(plan.mapping)
        if t.startswith(CUSTOM_PREFIX) and i < len(headers)
    }


def _extra_columns(kind: str) -> dict[str, Any]:
    """Columns a kind has that imports never set, at their defaults."""
    if kind == "contact":
        return {"last_activity_at": None}
    if kind == "lead":
        return {"converted_at": None, "converted_contact_id": None, "converted_company_id": None,
                "converted_deal_id": None}  # fmt: skip
    return {}


def _fold(rows: list[Prepared]) -> Prepared:
    """Rows that are the same record, as one: later non-empty cells win, e-mail addresses,
    phone numbers and tags are united."""
    if len(rows) == 1:
        return rows[0]
    out = Prepared(rows[0].line)
    for row in rows:
        out.values.update(row.values)
        out.emails = list(dict.fromkeys([*out.emails, *row.emails]))
        out.phones = _union_phones(out.phones, row.phones)
        out.social.update(row.social)
        out.custom.update(row.custom)
        out.tags = list(dict.fromkeys([*out.tags, *row.tags]))
        out.owner_id = row.owner_id or out.owner_id
        out.company_name = row.company_name or out.company_name
        out.company_domain = row.company_domain or out.company_domain
        out.key = out.key or row.key
    if out.emails:
        out.values["email"] = out.emails[0]
    if out.phones:
        out.values["phone"] = out.phones[0][0]
    return out


def _union_phones(
    a: list[tuple[str, str | None]], b: list[tuple[str, str | None]]
) -> list[tuple[str, str | None]]:
    seen = {n for n, _ in a}
    return [*a, *[(n, label) for n, label in b if n not in seen]]


def _company_key(row: Prepared) -> str:
    if row.company_domain:
        return "domain:" + row.company_domain
    return "name:" + (row.company_name or "").lower()


def _exists(noun: str, key: str) -> str:
    return f"A {noun} with this key ({key}) already exists (create only)."


def _jsonable(value: Any) -> Any:
    from heron.events.service import _jsonable as plain

    return plain(value)

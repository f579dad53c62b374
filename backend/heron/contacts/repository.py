"""Every query of contacts."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import (
    ColumnElement,
    Select,
    bindparam,
    delete,
    exists,
    func,
    literal,
    not_,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import joinedload, raiseload

from heron.companies.repository import CompanyRepository
from heron.contacts.schemas import LIFECYCLE_STATUSES
from heron.kit.envelope import CursorMeta
from heron.kit.filtering import (
    TEXT,
    CaseSensitiveMatch,
    FilterField,
    Op,
    choice_field,
    ordered_field,
    text_field,
)
from heron.kit.memo import Memo
from heron.kit.pagination import CursorParams, keyset_paginate
from heron.kit.sqljson import json_list, json_list_agg, json_object, json_one
from heron.kit.validators import Phone
from heron.models import Company, Contact, ContactEmail, ContactPhone, Deal, DealContact
from heron.records.repository import NameCheck, RecordRepository, equality_field

_PHONE: TypeAdapter[str] = TypeAdapter(Phone)
# The likely-duplicate statements, per kind of caller and the checks they hold.
_duplicate_checks: Memo[Any] = Memo(bound=4_096)


def _normal_phone(text: str) -> str:
    """A phone filter value in E.164 when it reads as a number, else as written."""
    try:
        return _PHONE.validate_python(text)
    except ValidationError:
        return text


def _any_child(child: Any, column: Any, normal: Any) -> Any:
    """A filter that matches when ANY of the contact's e-mail addresses (or numbers) does;
    ``ne``/``nin`` when none does, ``isnull`` when the contact has none at all."""

    def has(condition: ColumnElement[bool] | None) -> ColumnElement[bool]:
        stmt = select(child.id).where(child.contact_id == Contact.id)
        return exists(stmt if condition is None else stmt.where(condition))

    def build(op: Op, value: Any) -> Any:
        if op is Op.isnull:
            return not_(has(None)) if value else has(None)
        if op in (Op.in_, Op.nin):
            matched = has(column.in_([normal(v) for v in value]))
            return not_(matched) if op is Op.nin else matched
        if op in (Op.eq, Op.ne):
            matched = has(column == normal(value))
            return not_(matched) if op is Op.ne else matched
        # Stored values are lower-case (e-mail) or digits (E.164): comparing lower-cased text
        # case-sensitively is a case-insensitive match that works alike on both databases.
        needle = str(value).lower()
        return has(CaseSensitiveMatch(column, needle, prefix=op is Op.startswith))

    return FilterField(column, "str", TEXT, build=build)


FILTERS: dict[str, FilterField] = {
    "first_name": text_field(Contact.first_name),
    "last_name": text_field(Contact.last_name),
    "email": _any_child(ContactEmail, ContactEmail.email, lambda v: v.strip().lower()),
    "phone": _any_child(ContactPhone, ContactPhone.number, _normal_phone),
    "job_title": text_field(Contact.job_title),
    "company_id": equality_field(Contact.company_id),
    "lifecycle_status": choice_field(Contact.lifecycle_status, LIFECYCLE_STATUSES),
    "source": text_field(Contact.source),
    "owner_id": equality_field(Contact.owner_id),
    "address_city": text_field(Contact.address_city),
    "address_country": text_field(Contact.address_country),
    "last_activity_at": ordered_field(Contact.last_activity_at, "datetime"),
    "created_at": ordered_field(Contact.created_at, "datetime"),
    "updated_at": ordered_field(Contact.updated_at, "datetime"),
}
SORTS = {
    "last_name": Contact.last_name,
    "first_name": Contact.first_name,
    "email": Contact.email,
    "created_at": Contact.created_at,
    "updated_at": Contact.updated_at,
    "last_activity_at": Contact.last_activity_at,
}
MAX_DUPLICATES = 10


def full_name_expression() -> ColumnElement[str]:
    """``first last`` as SQL, either part possibly NULL (as ``Contact.full_name`` in Python)."""
    joined = func.coalesce(Contact.first_name, "") + " " + func.coalesce(Contact.last_name, "")
    return func.trim(joined)


class ContactRepository(RecordRepository[Contact]):
    model = Contact
    kind = "contact"
    resource = "contact"
    filters = FILTERS
    sorts = SORTS
    # By name; contacts without a last name (only a first name or an e-mail address) come
    # last, which the keyset pages handle (NULLs sort as the greatest value on both databases).
    default_sort = "last_name,first_name"

    def build_related_columns(self) -> dict[str, Any]:
        columns = super().build_related_columns()
        for name, child, value in (
            ("emails", ContactEmail, ContactEmail.email),
            ("phones", ContactPhone, ContactPhone.number),
        ):
            columns[name] = json_list(
                select(
                    json_list_agg(
                        json_object(
                            "value",
                            value,
                            "label",
                            child.label,
                            "primary",
                            child.is_primary,
                            "position",
                            child.position,
                        )
                    )
                ).where(child.contact_id == Contact.id)
            )
        company = CompanyRepository(self.session, self.subject).base()
        columns["company"] = json_one(
            company.with_only_columns(json_object("id", Company.id, "name", Company.name)).where(
                Company.id == Contact.company_id
            )
        )
        return columns

    def write_options(self) -> list[Any]:
        # A contact read to be changed needs its lists (events show them before and after):
        # joined to it, one query.
        return [joinedload(Contact.emails), joinedload(Contact.phones)]

    def read_options(self) -> list[Any]:
        # The lists come as JSON columns; loading them too would be two more queries.
        return [raiseload(Contact.emails), raiseload(Contact.phones)]

    async def of_company(
        self, company_id: uuid.UUID, params: CursorParams, sort: str | None = None
    ) -> tuple[list[Contact], CursorMeta]:
        """One keyset page of the visible contacts of a company (by name unless ``sort``)."""
        stmt = self.base().where(Contact.company_id == company_id)
        return await keyset_paginate(self.session, stmt, await self.sort_keys(sort), params)

    async def companies(self, ids: Collection[uuid.UUID | None]) -> dict[uuid.UUID, Company]:
        """The live companies among ``ids`` that the caller may see."""
        wanted = [i for i in ids if i is not None]
        return await CompanyRepository(self.session, self.subject).many(wanted)

    # Likely duplicates: among what the caller may see, never the contact itself.
    async def likely_duplicates(
        self,
        emails: Sequence[str],
        numbers: Sequence[str],
        full_name: str,
        other_than: uuid.UUID,
    ) -> list[tuple[str, uuid.UUID, str]]:
        """(reason, id, display name) of the contacts sharing an e-mail address, sharing a
        phone number, or with a similar name (``similar_named``): up to ``MAX_DUPLICATES`` of
        each, the first created first, in that order of reasons; one query."""
        named = self.similar_named(full_name, other_than, MAX_DUPLICATES)
        reasons = tuple(
            reason
            for reason, asked in (
                ("same_email", emails), ("same_phone", numbers), ("similar_name", named)
            )
            if asked
        )  # fmt: skip
        if not reasons:
            return []
        shape = None if named is None else named.shape
        statement = _duplicate_checks.get(
            (self.subject.visibility, self.dialect, reasons, shape),
            lambda: self._duplicate_checks(reasons, named),
        )
        params = {"other_than": other_than, "emails": list(emails), "numbers": list(numbers)}
        rows = list(await self.session.execute(statement, params | (named.params if named else {})))
        rows.sort(key=lambda r: (r.rank, r.created_at, r.id))
        return [
            (
                reasons[r.rank],
                r.id,
                " ".join(p for p in (r.first_name, r.last_name) if p) or r.email or str(r.id),
            )
            for r in rows
        ]

    def _duplicate_checks(self, reasons: Sequence[str], named: NameCheck | None) -> Any:
        """The checks of ``reasons`` in one statement, their values bound parameters (built
        once per caller alike and the checks asked)."""
        # Each check is one the database can answer from an index: the contacts holding one of
        # the addresses (numbers) found through the child table's index, the similar names
        # through the name-key index. Written as correlated EXISTS or as a comparison with an
        # unindexed expression, each made PostgreSQL read every contact of the organization
        # (seconds at a million; a trigram pre-filter on the search text, 50-270 ms for a
        # common name).

        def first(where: ColumnElement[bool]) -> Select[Any]:
            return (
                self.base()
                .where(where, Contact.id != bindparam("other_than"))
                .order_by(Contact.created_at, Contact.id)
                .limit(MAX_DUPLICATES)
            )

        checks: list[Select[Any]] = []
        for reason in reasons:
            if reason == "same_email":
                shared = select(ContactEmail.contact_id).where(
                    ContactEmail.org_id == self.org_id,
                    ContactEmail.email.in_(bindparam("emails", expanding=True)),
                )
                checks.append(first(Contact.id.in_(shared)))
            elif reason == "same_phone":
                shared = select(ContactPhone.contact_id).where(
                    ContactPhone.org_id == self.org_id,
                    ContactPhone.number.in_(bindparam("numbers", expanding=True)),
                )
                checks.append(first(Contact.id.in_(shared)))
            elif named is not None:
                checks.append(named.statement)
        columns = (Contact.first_name, Contact.last_name, Contact.email, Contact.created_at)
        branches = [
            check.with_only_columns(literal(rank).label("rank"), Contact.id, *columns).subquery()
            for rank, check in enumerate(checks)
        ]
        return union_all(*(select(*b.c) for b in branches))

    async def move_deal_links(self, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        """On a merge: the deals of contact ``from_id`` become ``to_id``'s. A deal with both
        keeps one link, primary if either was; the deals' versions move (their contacts
        changed). How many deals."""
        of_org = DealContact.org_id == self.org_id
        theirs = select(DealContact.deal_id).where(of_org, DealContact.contact_id == from_id)
        mine = select(DealContact.deal_id).where(of_org, DealContact.contact_id == to_id)
        result = await self.session.execute(
            update(Deal)
            .where(Deal.org_id == self.org_id, Deal.id.in_(theirs))
            .values(version=Deal.version + 1)
            .execution_options(synchronize_session="fetch")
        )
        await self.session.execute(
            update(DealContact)
            .where(
                of_org,
                DealContact.contact_id == to_id,
                DealContact.deal_id.in_(theirs.where(DealContact.is_primary.is_(True))),
            )
            .values(is_primary=True)
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(
            delete(DealContact).where(
                of_org, DealContact.contact_id == from_id, DealContact.deal_id.in_(mine)
            )
        )
        await self.session.execute(
            update(DealContact)
            .where(of_org, DealContact.contact_id == from_id)
            .values(contact_id=to_id)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

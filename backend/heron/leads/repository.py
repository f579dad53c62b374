"""Every query of leads, and the contact look-ups their duplicate checks need."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import or_, select

from heron.kit.filtering import FilterField, choice_field, ordered_field, text_field
from heron.leads.schemas import CONVERTED, STATUSES
from heron.models import Contact, ContactEmail, Lead
from heron.records import search
from heron.records.repository import RecordRepository, equality_field
from heron.records.visibility import visible_clause
from heron.roles.matrix import Action, scope_for

FILTERS: dict[str, FilterField] = {
    "name": text_field(Lead.name),
    "email": text_field(Lead.email),
    "company_name": text_field(Lead.company_name),
    "source": text_field(Lead.source),
    "status": choice_field(Lead.status, STATUSES),
    "score": ordered_field(Lead.score, "int"),
    "owner_id": equality_field(Lead.owner_id),
    "created_at": ordered_field(Lead.created_at, "datetime"),
    "updated_at": ordered_field(Lead.updated_at, "datetime"),
    "converted_at": ordered_field(Lead.converted_at, "datetime"),
}
SORTS = {
    "name": Lead.name,
    "created_at": Lead.created_at,
    "updated_at": Lead.updated_at,
    "score": Lead.score,
    "status": Lead.status,
}
DUPLICATES_LIMIT = 5


class LeadRepository(RecordRepository[Lead]):
    model = Lead
    kind = "lead"
    resource = "lead"
    filters = FILTERS
    sorts = SORTS

    async def with_email(self, email: str, *, other_than: uuid.UUID) -> list[Lead]:
        """Visible live leads with this e-mail (stored lower-cased), ``other_than`` excepted."""
        stmt = self.base().where(Lead.email == email, Lead.id != other_than)
        return list(await self.session.scalars(stmt.order_by(Lead.id).limit(DUPLICATES_LIMIT)))

    async def similar_names(self, name: str, *, other_than: uuid.UUID) -> list[Lead]:
        """Visible live leads whose name is like ``name``."""
        clause = search.similar_clause(Lead.name, name, self.dialect)
        stmt = self.base().where(clause, Lead.id != other_than)
        return list(await self.session.scalars(stmt.order_by(Lead.id).limit(DUPLICATES_LIMIT)))

    async def contacts_with_email(self, email: str) -> list[Contact]:
        """Live contacts the caller may read that have this e-mail, primary or not: the
        duplicate check on create, and the contact a conversion may reuse."""
        stmt = select(Contact).where(Contact.org_id == self.org_id, Contact.deleted_at.is_(None))
        scope = scope_for(self.subject.role, "contact", Action.read)
        where = visible_clause(Contact, self.subject, scope)
        if where is not None:
            stmt = stmt.where(where)
        # Addresses are stored lower-cased (kit.validators.Email), so plain equality uses the
        # (org_id, email) indexes.
        listed = select(ContactEmail.contact_id).where(
            ContactEmail.org_id == self.org_id, ContactEmail.email == email
        )
        stmt = stmt.where(or_(Contact.email == email, Contact.id.in_(listed)))
        return list(await self.session.scalars(stmt.order_by(Contact.id).limit(DUPLICATES_LIMIT)))

    async def mark_converted(
        self,
        row: Lead,
        *,
        at: datetime,
        contact_id: uuid.UUID | None,
        company_id: uuid.UUID | None,
        deal_id: uuid.UUID | None,
    ) -> None:
        """Record what ``row`` became (the conversion is the only writer of these columns)."""
        row.status = CONVERTED
        row.converted_at = at
        row.converted_contact_id = contact_id
        row.converted_company_id = company_id
        row.converted_deal_id = deal_id
        await self.session.flush()

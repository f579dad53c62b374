"""Every query of leads, and the contact look-ups their duplicate checks need."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import func, or_, select

from heron.kit.filtering import FilterField, choice_field, ordered_field, text_field
from heron.leads.schemas import CONVERTED, STATUSES
from heron.models import Activity, ActivityLink, Contact, ContactEmail, Lead
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

    # The conversion's moves of the lead's activities (every one, whoever may see it: a
    # timeline shows each reader only what they may see).
    async def activity_ids(self, lead_id: uuid.UUID) -> list[uuid.UUID]:
        """The activities linked to the lead, live or in the trash."""
        stmt = select(ActivityLink.activity_id).where(
            ActivityLink.org_id == self.org_id,
            ActivityLink.record_kind == self.kind,
            ActivityLink.record_id == lead_id,
        )
        return list(await self.session.scalars(stmt.order_by(ActivityLink.activity_id)))

    async def link_activities(
        self, activity_ids: Sequence[uuid.UUID], kind: str, record_id: uuid.UUID
    ) -> int:
        """Link the activities to a record too (those already linked to it are left as they
        are); how many links were new."""
        if not activity_ids:
            return 0
        present = set(
            await self.session.scalars(
                select(ActivityLink.activity_id).where(
                    ActivityLink.org_id == self.org_id,
                    ActivityLink.record_kind == kind,
                    ActivityLink.record_id == record_id,
                    ActivityLink.activity_id.in_(set(activity_ids)),
                )
            )
        )
        new = [a for a in dict.fromkeys(activity_ids) if a not in present]
        self.session.add_all(
            ActivityLink(org_id=self.org_id, activity_id=a, record_kind=kind, record_id=record_id)
            for a in new
        )
        await self.session.flush()
        return len(new)

    async def last_logged_at(
        self, activity_ids: Sequence[uuid.UUID], kinds: Collection[str]
    ) -> datetime | None:
        """When the latest live activity of ``kinds`` (notes, calls...) among them happened."""
        if not activity_ids:
            return None
        latest: datetime | None = await self.session.scalar(
            select(func.max(func.coalesce(Activity.done_at, Activity.created_at))).where(
                Activity.org_id == self.org_id,
                Activity.id.in_(set(activity_ids)),
                Activity.kind.in_(list(kinds)),
                Activity.deleted_at.is_(None),
            )
        )
        return latest

"""Every query of companies."""

from __future__ import annotations

import uuid

from sqlalchemy import func

from heron.kit.filtering import FilterField, ordered_field, text_field
from heron.models import Company
from heron.records.repository import RecordRepository, equality_field

FILTERS: dict[str, FilterField] = {
    "name": text_field(Company.name),
    "domain": text_field(Company.domain),
    "industry": text_field(Company.industry),
    "employee_count": ordered_field(Company.employee_count, "int"),
    "annual_revenue": ordered_field(Company.annual_revenue, "decimal"),
    "address_city": text_field(Company.address_city),
    "address_country": text_field(Company.address_country),
    "owner_id": equality_field(Company.owner_id),
    "created_at": ordered_field(Company.created_at, "datetime"),
    "updated_at": ordered_field(Company.updated_at, "datetime"),
}
SORTS = {
    "name": Company.name,
    "domain": Company.domain,
    "industry": Company.industry,
    "employee_count": Company.employee_count,
    "annual_revenue": Company.annual_revenue,
    "created_at": Company.created_at,
    "updated_at": Company.updated_at,
}


class CompanyRepository(RecordRepository[Company]):
    model = Company
    kind = "company"
    resource = "company"
    filters = FILTERS
    sorts = SORTS

    async def by_domain(
        self, domain: str, *, other_than: uuid.UUID | None = None
    ) -> Company | None:
        """The live company with this domain, whoever owns it (domains are unique per
        organization, so the check cannot depend on what the caller may see)."""
        stmt = self.all_live().where(Company.domain == domain)
        if other_than is not None:
            stmt = stmt.where(Company.id != other_than)
        return await self.session.scalar(stmt.limit(1))

    async def by_name(self, name: str) -> list[Company]:
        """Visible live companies with this name, ignoring case."""
        stmt = self.base().where(func.lower(Company.name) == name.strip().lower())
        return list(await self.session.scalars(stmt.order_by(Company.id).limit(20)))

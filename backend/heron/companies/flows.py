"""Work on companies that spans domains: merging a duplicate company (its contacts, deals,
converted leads, activities and tags move to the survivor; see heron.records.merge)."""

from __future__ import annotations

from typing import Any

from heron.companies.service import CompanyService
from heron.models import Company, Contact, Deal, Lead
from heron.records.merge import ADDRESS_COLUMNS, RecordMerger

MERGE_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "domain": ("domain",),
    "website": ("website",),
    "industry": ("industry",),
    "employee_count": ("employee_count",),
    "annual_revenue": ("annual_revenue", "annual_revenue_currency"),
    "phone": ("phone",),
    "address": ADDRESS_COLUMNS,
    "description": ("description",),
    "owner_id": ("owner_id",),
}


class CompanyMerger(RecordMerger[Company]):
    service_class = CompanyService
    fields = MERGE_FIELDS

    async def before_change(
        self, survivor: Company, other: Company, values: dict[str, Any]
    ) -> None:
        # A domain names one live company: the merged-away one lets go of it (so the survivor
        # may take it now, and restoring the other later cannot collide with it).
        if other.domain is not None:
            other.domain = None
            await self.service.repo.flush()

    async def move_relations(self, survivor: Company, other: Company) -> dict[str, int]:
        repo = self.service.repo
        return {
            "contacts": await repo.repoint(Contact, "company_id", other.id, survivor.id),
            "deals": await repo.repoint(Deal, "company_id", other.id, survivor.id),
            "leads": await repo.repoint(Lead, "converted_company_id", other.id, survivor.id),
        }

"""Companies: the shared record rules plus a domain unique in the organization."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError

from heron.companies.repository import CompanyRepository
from heron.companies.schemas import CompanyOut, CompanyUpdate
from heron.kit.errors import Conflict, ValidationFailed
from heron.kit.validators import money_text
from heron.models import Company
from heron.records.related import Related, tag_list
from heron.records.schemas import DuplicateRef, address_columns, address_fields
from heron.records.service import RecordService

EVENT_FIELDS = (
    "name", "domain", "website", "industry", "employee_count", "annual_revenue",
    "annual_revenue_currency", "phone", "address_street", "address_city", "address_region",
    "address_postal_code", "address_country", "description", "owner_id",
)  # fmt: skip

# Likely duplicates shown on a create (similar names).
DUPLICATES_LIMIT = 5


class CompanyService(RecordService[Company]):
    repository = CompanyRepository
    event_fields = EVENT_FIELDS
    bulk_fields = frozenset({"industry", "owner_id", "address_country", "custom"})
    update_schema = CompanyUpdate
    plural = "companies"
    repo: CompanyRepository

    def out(self, r: Company, related: Related) -> CompanyOut:
        # Plain values validated once, as ContactService.out.
        return CompanyOut.model_validate(
            {
                "id": r.id,
                "name": r.name,
                "domain": r.domain,
                "website": r.website,
                "industry": r.industry,
                "employee_count": r.employee_count,
                "annual_revenue": money_text(r.annual_revenue, r.annual_revenue_currency),
                "annual_revenue_currency": r.annual_revenue_currency,
                "phone": r.phone,
                "address": address_fields(r),
                "description": r.description,
                "owner": related.get("owner"),
                "tags": tag_list(related.get("tags")),
                "custom": r.custom,
                "version": r.version,
                "created_at": r.created_at,
                "updated_at": r.updated_at,
            }
        )

    async def prepare(self, values: dict[str, Any], row: Company | None) -> dict[str, Any]:
        if "address" in values:
            values |= address_columns(values.pop("address"))
        domain = values.get("domain")
        if domain and (row is None or domain != row.domain):
            await self._assert_domain_free(domain, row)
        self._assert_revenue_has_currency(values, row)
        return values

    @staticmethod
    def _assert_revenue_has_currency(values: dict[str, Any], row: Company | None) -> None:
        """Money always carries its currency (shared/API.md)."""
        revenue = values.get("annual_revenue", row.annual_revenue if row else None)
        currency = values.get(
            "annual_revenue_currency", row.annual_revenue_currency if row else None
        )
        if revenue is not None and currency is None:
            raise ValidationFailed.field(
                ("body", "annual_revenue_currency"),
                "Give the currency of the annual revenue, e.g. EUR.",
            )

    async def _assert_domain_free(self, domain: str, row: Company | None) -> None:
        if await self.repo.by_domain(domain, other_than=row.id if row else None) is not None:
            raise _domain_taken(domain)

    async def before_restore(self, row: Company) -> None:
        if row.domain:
            await self._assert_domain_free(row.domain, row)

    # A concurrent request may take the domain between the check and the write: the unique
    # index refuses it, and the caller gets the same 409 as from the check.
    async def create(self, values: dict[str, Any], **kwargs: Any) -> Company:
        try:
            return await super().create(values, **kwargs)
        except IntegrityError as exc:
            raise _domain_taken(values.get("domain")) from exc

    async def update(self, id_: Any, values: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return await super().update(id_, values, *args, **kwargs)
        except IntegrityError as exc:
            raise _domain_taken(values.get("domain")) from exc

    async def restore(self, id_: Any) -> Any:
        try:
            return await super().restore(id_)
        except IntegrityError as exc:
            raise _domain_taken(None) from exc

    async def likely_duplicates(self, row: Company) -> list[DuplicateRef]:
        """Other visible companies with a similar name (``named_like``)."""
        found = await self.repo.named_like(row.name, row.id, DUPLICATES_LIMIT)
        return [
            DuplicateRef(id=c.id, kind="company", name=c.name, reason="similar_name") for c in found
        ]


def _domain_taken(domain: str | None) -> Conflict:
    if domain:
        return Conflict(f"Another company already has the domain {domain}.")
    return Conflict("Another company already has this company's domain.")

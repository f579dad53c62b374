"""Companies: the shared record routes (list, create, read, update, delete, restore, bulk) and
merging duplicates."""

from __future__ import annotations

from heron.companies.flows import CompanyMerger
from heron.companies.schemas import CompanyCreate, CompanyMerge, CompanyOut, CompanyUpdate
from heron.companies.service import CompanyService
from heron.kit.routing import domain_router
from heron.records.routes import RecordRoutes, add_merge_route, add_record_routes

router = domain_router("/companies", "companies")

add_record_routes(
    router,
    RecordRoutes(
        kind="company",
        plural="companies",
        service=CompanyService,
        read=CompanyOut,
        create=CompanyCreate,
        update=CompanyUpdate,
        filters_doc="name, domain, industry, employee_count, annual_revenue, address_city, "
        "address_country, owner_id, created_at and updated_at",
    ),
)
add_merge_route(router, "company", CompanyMerger, CompanyMerge, CompanyOut)

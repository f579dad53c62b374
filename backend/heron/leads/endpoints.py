"""Leads: the shared record routes (list, create, read, update, delete, restore, bulk).

The conversion (POST /leads/{lead_id}/convert) spans contacts, companies and deals and is
added beside these routes by its own flow.
"""

from __future__ import annotations

from heron.kit.routing import domain_router
from heron.leads.schemas import LeadCreate, LeadOut, LeadUpdate
from heron.leads.service import LeadService
from heron.records.routes import RecordRoutes, add_record_routes

router = domain_router("/leads", "leads")

add_record_routes(
    router,
    RecordRoutes(
        kind="lead",
        plural="leads",
        service=LeadService,
        read=LeadOut,
        create=LeadCreate,
        update=LeadUpdate,
        filters_doc="name, email, company_name, source, status, score, owner_id, created_at, "
        "updated_at and converted_at",
    ),
)

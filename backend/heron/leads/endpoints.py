"""Leads: the shared record routes (list, create, read, update, delete, restore, bulk) and the
conversion (POST /leads/{lead_id}/convert), a flow across contacts, companies and deals.

The conversion is registered before the shared routes, as every kind's own verbs are, so no
shared path can ever shadow it.
"""

from __future__ import annotations

import uuid

from fastapi import Depends, Path, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access, Authorize
from heron.kit.envelope import Envelope
from heron.kit.routing import domain_router, get_session
from heron.kit.versioning import if_match, set_etag
from heron.leads.flows import LeadConversion
from heron.leads.schemas import ConversionResult, LeadConvert, LeadCreate, LeadOut, LeadUpdate
from heron.leads.service import LeadService
from heron.records.routes import RecordRoutes, add_record_routes
from heron.roles.matrix import Action

router = domain_router("/leads", "leads")

LeadEdit = Authorize("lead", Action.update)


@router.post("/{lead_id}/convert", response_model=Envelope[ConversionResult], name="convert_lead")
async def convert_lead(
    body: LeadConvert,
    request: Request,
    response: Response,
    lead_id: uuid.UUID = Path(description="The lead's id."),
    access: Access = Depends(LeadEdit),
    session: AsyncSession = Depends(get_session),
) -> Envelope[ConversionResult]:
    """Convert a lead (`If-Match` with its version required) into a contact (an existing one
    with its e-mail, or a new one), a company (found by web domain or name, or new; or none)
    and optionally a deal whose primary contact is that contact. The lead's activities are
    linked to the new records too and its tags and matching custom values copied to the
    contact; the lead becomes `converted` and can no longer be edited. All or nothing: any
    refusal (a second conversion is 409) writes nothing. Making a company, contact or deal
    needs your role's right to create one. The `ETag` is the lead's new version."""
    lead, result = await LeadConversion(session, access).convert(lead_id, body, if_match(request))
    set_etag(response, lead.version)
    return Envelope[ConversionResult](data=result)


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

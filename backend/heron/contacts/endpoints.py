"""Contacts: the shared record routes (list, create, read, update, delete, restore, bulk), the
likely duplicates of a contact and merging them."""

from __future__ import annotations

import uuid

from fastapi import Depends, Path
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access, Authorize
from heron.contacts.flows import ContactMerger
from heron.contacts.schemas import ContactCreate, ContactMerge, ContactOut, ContactUpdate
from heron.contacts.service import ContactService
from heron.kit.envelope import Envelope
from heron.kit.routing import domain_router, get_session
from heron.records.routes import RecordRoutes, add_merge_route, add_record_routes
from heron.records.schemas import DuplicateRef
from heron.roles.matrix import Action

router = domain_router("/contacts", "contacts")


@router.get(
    "/{contact_id}/duplicates",
    name="contact_duplicates",
    response_model=Envelope[list[DuplicateRef]],
)
async def contact_duplicates(
    contact_id: uuid.UUID = Path(description="The contact's id."),
    access: Access = Depends(Authorize("contact", Action.read)),
    session: AsyncSession = Depends(get_session),
) -> Envelope[list[DuplicateRef]]:
    """The contacts you may see that look like this one: sharing an e-mail address
    (`same_email`) or a phone number (`same_phone`), or with a similar name (`similar_name`).
    Each appears once, under its strongest reason; merge them if they are the same person."""
    duplicates = await ContactService(session, access).duplicates_of(contact_id)
    return Envelope[list[DuplicateRef]](data=duplicates)


add_record_routes(
    router,
    RecordRoutes(
        kind="contact",
        plural="contacts",
        service=ContactService,
        read=ContactOut,
        create=ContactCreate,
        update=ContactUpdate,
        filters_doc="first_name, last_name, email and phone (any of the contact's addresses "
        "and numbers), job_title, company_id, lifecycle_status, source, owner_id, "
        "address_city, address_country, last_activity_at, created_at and updated_at",
    ),
)
add_merge_route(router, "contact", ContactMerger, ContactMerge, ContactOut)

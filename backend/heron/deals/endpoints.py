"""Deals: the shared record routes, the board and moving a card on it.

The board's routes are registered before the shared ones, so that `/deals/board` is not read
as `/deals/{deal_id}`.
"""

from __future__ import annotations

import uuid

from fastapi import Depends, Path, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access, Authorize
from heron.deals.board import DealBoard
from heron.deals.schemas import Board, DealCreate, DealMove, DealOut, DealUpdate
from heron.deals.service import DealService
from heron.kit.envelope import CursorEnvelope, Envelope
from heron.kit.pagination import CursorParams
from heron.kit.routing import domain_router, get_session
from heron.kit.versioning import if_match, set_etag
from heron.records.routes import RecordRoutes, add_record_routes
from heron.roles.matrix import Action

router = domain_router("/deals", "deals")

DealRead = Authorize("deal", Action.read)
DealEdit = Authorize("deal", Action.update)

MAX_CARDS = 100
_SEARCH = Query(None, max_length=200, description="Search text, as on the list.")
_VIEW = Query(None, description="A saved view of deals whose filters apply, as on the list.")
_LIMIT = Query(20, ge=1, le=MAX_CARDS, description=f"Cards per column, at most {MAX_CARDS}.")


@router.get("/board", response_model=Envelope[Board])
async def get_board(
    request: Request,
    pipeline_id: uuid.UUID | None = Query(
        None, description="The pipeline; the organization's default when not given."
    ),
    limit: int = _LIMIT,
    q: str | None = _SEARCH,
    view: uuid.UUID | None = _VIEW,
    access: Access = Depends(DealRead),
    session: AsyncSession = Depends(get_session),
) -> Envelope[Board]:
    """The pipeline as a board: each stage in order with the number of deals, the sum of their
    amounts and of their weighted amounts, and its first cards by position. Only deals you may
    see count; `filter[...]`, `q` and `view` narrow the board as they narrow the list. Sums
    assume the pipeline's currency (deals in another currency are added as they are and counted
    in `other_currency_count`). Page further into a column with `next_cursor`."""
    board = DealBoard(DealService(session, access))
    data = await board.board(request.query_params, pipeline_id, q or None, view, limit)
    return Envelope[Board](data=data)


@router.get("/board/columns/{stage_id}", response_model=CursorEnvelope[DealOut])
async def get_board_column(
    request: Request,
    stage_id: uuid.UUID = Path(description="The stage whose column to page through."),
    cursor: str | None = Query(
        None, max_length=2000, description="`next_cursor` of the board or of the previous page."
    ),
    limit: int = _LIMIT,
    q: str | None = _SEARCH,
    view: uuid.UUID | None = _VIEW,
    access: Access = Depends(DealRead),
    session: AsyncSession = Depends(get_session),
) -> CursorEnvelope[DealOut]:
    """The next cards of one board column, by position, with the same filters as the board."""
    board = DealBoard(DealService(session, access))
    page = CursorParams(cursor=cursor, limit=limit)
    rows, meta = await board.column(stage_id, request.query_params, q or None, view, page)
    return CursorEnvelope[DealOut](data=rows, meta=meta)


@router.post("/{deal_id}/move", response_model=Envelope[DealOut])
async def move_deal(
    body: DealMove,
    request: Request,
    response: Response,
    deal_id: uuid.UUID = Path(description="The deal's id."),
    access: Access = Depends(DealEdit),
    session: AsyncSession = Depends(get_session),
) -> Envelope[DealOut]:
    """Move a card on the board (`If-Match` required): into `stage_id` (a stage of the deal's
    pipeline), just before `before_id` or just after `after_id` (cards of that column), or at
    the end of the column when neither is given. A change of stage sets the status from the
    stage's kind and is recorded in the deal's stage history."""
    service = DealService(session, access)
    row = await DealBoard(service).move(deal_id, body, if_match(request))
    set_etag(response, row.version)
    return Envelope[DealOut](data=await service.one(row))


add_record_routes(
    router,
    RecordRoutes(
        kind="deal",
        plural="deals",
        service=DealService,
        read=DealOut,
        create=DealCreate,
        update=DealUpdate,
        filters_doc="name, status, pipeline_id, stage_id, owner_id, company_id, contact_id, "
        "amount, currency, expected_close_date, closed_at, created_at and updated_at",
    ),
)

"""Search across record kinds."""

from __future__ import annotations

from fastapi import Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.kit.envelope import Envelope
from heron.kit.routing import domain_router, get_session
from heron.search.auth import SearchRead
from heron.search.schemas import SearchHit
from heron.search.service import SearchService

router = domain_router("/search", "search")


@router.get("", response_model=Envelope[list[SearchHit]])
async def search_records(
    q: str = Query(min_length=1, max_length=200, description="The words to find."),
    kinds: str | None = Query(
        None,
        max_length=100,
        description="Comma-separated kinds (`company,contact,lead,deal`); all by default.",
    ),
    limit: int = Query(5, ge=1, le=50, description="Hits per kind."),
    access: Access = Depends(SearchRead),
    session: AsyncSession = Depends(get_session),
) -> Envelope[list[SearchHit]]:
    """Companies, contacts, leads and deals matching `q`, best first: every word must start a
    word of the record (name, e-mail, domain, ...). On PostgreSQL a word of three letters or
    more may also sit inside a word, and records holding every word as typed come first; then,
    for a kind with fewer than `limit` of those, records close to the words (a wrong, missing
    or swapped letter forgiven in words of four letters or more without a digit: `acne` finds
    Acme; numbers and codes match as typed). When
    thousands of records match, the best are chosen among the first few hundred found: type
    more to narrow. Only records you may see are searched."""
    wanted = [k.strip() for k in kinds.split(",") if k.strip()] if kinds else None
    hits = await SearchService(session, access).search(q, wanted, limit)
    return Envelope[list[SearchHit]](data=hits)

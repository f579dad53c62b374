"""Calendar feeds: `/calendar-feed` (the caller's own: status, new URL, revoke) and the feed
itself, `/calendar/{feed_token}.ics`, which calendar apps fetch without signing in."""

from __future__ import annotations

from fastapi import Depends, Path, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access, Public
from heron.calendar_feeds import ics
from heron.calendar_feeds.auth import FeedCreator, FeedRead, FeedRemove
from heron.calendar_feeds.schemas import CalendarFeedCreated, CalendarFeedOut
from heron.calendar_feeds.service import CalendarFeedService, read_feed
from heron.kit.envelope import Envelope
from heron.kit.routing import domain_router, get_session, request_tx

router = domain_router("/calendar-feed", "calendar")
feed_router = domain_router("/calendar", "calendar")


@router.get("", response_model=Envelope[CalendarFeedOut])
async def get_calendar_feed(
    access: Access = Depends(FeedRead), session: AsyncSession = Depends(get_session)
) -> Envelope[CalendarFeedOut]:
    """Whether you have a private calendar feed in this organization, since when, and when a
    calendar app last fetched it. The URL itself is shown only when it is made."""
    return Envelope[CalendarFeedOut](data=await CalendarFeedService(session, access).status())


@router.post("", response_model=Envelope[CalendarFeedCreated], status_code=status.HTTP_201_CREATED)
async def rotate_calendar_feed(
    request: Request,
    access: Access = Depends(FeedCreator),
    session: AsyncSession = Depends(get_session),
) -> Envelope[CalendarFeedCreated]:
    """Make your private feed URL (an `.ics` of your meetings and tasks in this organization,
    those assigned to you or yours when nobody is assigned) for Google Calendar, Outlook or
    Apple Calendar. A previous URL stops working at once. The answer is the only time the URL
    is shown: it is stored hashed."""
    service = CalendarFeedService(session, access)
    created = await service.rotate(request.app.state.settings)
    return Envelope[CalendarFeedCreated](data=created)


@router.delete("", status_code=status.HTTP_204_NO_CONTENT)
async def revoke_calendar_feed(
    access: Access = Depends(FeedRemove), session: AsyncSession = Depends(get_session)
) -> Response:
    """Revoke your feed URL: calendar apps get 404 from the next fetch. 204 also when you
    had none."""
    await CalendarFeedService(session, access).revoke()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@feed_router.get(
    "/{feed_token}.ics",
    dependencies=[Depends(Public())],
    response_class=Response,
    responses={200: {"description": "An iCalendar file.", "content": {ics.MEDIA_TYPE: {}}}},
)
async def calendar_feed(
    request: Request,
    feed_token: str = Path(max_length=100, description="The secret of the feed URL."),
    session: AsyncSession = Depends(get_session),
) -> Response:
    """A person's meetings and tasks (90 days back, a year ahead) as iCalendar, for calendar
    apps, which fetch it without signing in: the secret in the URL is the credential. 404
    once it is revoked or replaced, or when its person left the organization."""
    app = request.app
    body = await read_feed(
        session, request_tx(request), app.state.db, app.state.settings, feed_token
    )
    return Response(body, media_type=ics.MEDIA_TYPE)

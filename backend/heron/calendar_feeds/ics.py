"""A calendar (RFC 5545) of meetings and tasks, built with the icalendar package (escaping and
line folding are its job). Tasks are events at their due time, because the calendar apps that
subscribe to feeds (Google Calendar, Outlook) ignore VTODO."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, timedelta

from icalendar import Calendar, Event

from heron.models import Activity, ActivityKind

MEDIA_TYPE = "text/calendar; charset=utf-8"
DEFAULT_MEETING_MINUTES = 30
TASK_MINUTES = 15


def render(activities: Sequence[Activity], name: str, domain: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Heron CRM//Calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for activity in activities:
        calendar.add_component(_event(activity, domain))
    data: bytes = calendar.to_ical()
    return data


def _event(activity: Activity, domain: str) -> Event:
    assert activity.due_at is not None
    start = activity.due_at.astimezone(UTC)
    event = Event()
    event.add("uid", f"{activity.id}@{domain}")
    event.add("dtstamp", (activity.updated_at or start).astimezone(UTC))
    event.add("dtstart", start)
    if activity.kind == ActivityKind.meeting:
        minutes = activity.duration_minutes or DEFAULT_MEETING_MINUTES
        event.add("summary", activity.subject)
    else:
        minutes = TASK_MINUTES
        done = " (done)" if activity.done_at is not None else ""
        event.add("summary", f"Task{done}: {activity.subject}")
        event.add("categories", ["Task"])
    event.add("dtend", start + timedelta(minutes=minutes))
    if activity.body:
        event.add("description", activity.body)
    return event

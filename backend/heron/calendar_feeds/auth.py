"""Who may manage a calendar feed: everyone, their own (heron/roles/matrix.py)."""

from __future__ import annotations

from heron.auth.access import Authorize
from heron.roles.matrix import Action

FeedRead = Authorize("calendar_feed", Action.read)
FeedCreator = Authorize("calendar_feed", Action.create)
FeedRemove = Authorize("calendar_feed", Action.delete)

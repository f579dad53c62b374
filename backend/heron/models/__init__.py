"""Every ORM model, one file per aggregate. Importing this package registers them all."""

from heron.models.activity import Activity, ActivityKind, ActivityLink
from heron.models.api_key import ApiKey
from heron.models.base import Base
from heron.models.calendar_feed import CalendarFeed
from heron.models.company import Company
from heron.models.contact import Contact, ContactEmail, ContactPhone
from heron.models.custom_field import CustomField, FieldType
from heron.models.data_import import DataImport, ImportChange, ImportState
from heron.models.deal import Deal, DealContact, DealStageChange, DealStatus
from heron.models.event import Event
from heron.models.idempotency import IdempotencyKey
from heron.models.job import Job, JobState
from heron.models.lead import Lead
from heron.models.organization import Invitation, Membership, Organization, Team, TeamMember
from heron.models.pipeline import Pipeline, Stage, StageKind
from heron.models.record import RecordKind
from heron.models.tag import Tag, Tagging
from heron.models.user import OAuthAccount, RefreshToken, User, UserToken
from heron.models.view import SavedView

__all__ = [
    "Activity",
    "ActivityKind",
    "ActivityLink",
    "ApiKey",
    "Base",
    "CalendarFeed",
    "Company",
    "Contact",
    "ContactEmail",
    "ContactPhone",
    "CustomField",
    "DataImport",
    "Deal",
    "DealContact",
    "DealStageChange",
    "DealStatus",
    "Event",
    "FieldType",
    "IdempotencyKey",
    "ImportChange",
    "ImportState",
    "Invitation",
    "Job",
    "JobState",
    "Lead",
    "Membership",
    "OAuthAccount",
    "Organization",
    "Pipeline",
    "RecordKind",
    "RefreshToken",
    "SavedView",
    "Stage",
    "StageKind",
    "Tag",
    "Tagging",
    "Team",
    "TeamMember",
    "User",
    "UserToken",
]

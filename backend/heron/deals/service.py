"""Deals: the shared record rules plus a pipeline and stage, a status that follows the stage,
the history of stage changes, and linked contacts.

A deal's status is its stage's kind (open, won, lost); ``closed_at`` is set when it enters a
won or lost stage and cleared when it is reopened. Creating a deal enters its first stage
(nothing is recorded as a change); every later change of stage writes a ``DealStageChange``
with the time spent in the previous stage and a ``deal.stage_changed`` event.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.deals.repository import DealRepository
from heron.deals.schemas import DealOut, DealUpdate
from heron.kit.errors import ValidationFailed
from heron.kit.sqljson import as_list
from heron.kit.validators import currency_places, money_text
from heron.models import Deal, DealStageChange, DealStatus
from heron.models.base import utcnow
from heron.models.pipeline import Pipeline, Stage, StageKind
from heron.pipelines.repository import PipelineRepository
from heron.records.related import Related, tag_list
from heron.records.service import RecordService

EVENT_FIELDS = (
    "name", "amount", "currency", "pipeline_id", "stage_id", "probability",
    "expected_close_date", "status", "lost_reason", "closed_at", "company_id", "owner_id",
    "position",
)  # fmt: skip
CLOSED = frozenset({StageKind.won.value, StageKind.lost.value})


@dataclass
class StageChange:
    from_stage_id: uuid.UUID
    to_stage: Stage
    seconds_in_previous: int


@dataclass
class _Pending:
    """What ``prepare`` checked and ``write_related`` writes once the deal row is written."""

    links: list[tuple[uuid.UUID, bool]] | None = None
    stage_change: StageChange | None = None


def enter_stage(row: Deal | None, stage: Stage, now: datetime) -> dict[str, Any]:
    """The columns that follow from a deal (``row``; None when new) entering ``stage``."""
    values: dict[str, Any] = {"stage_id": stage.id, "status": stage.kind, "stage_entered_at": now}
    was_closed = row is not None and row.status in CLOSED
    if stage.kind not in CLOSED:
        values["closed_at"] = None
    elif row is None or not was_closed or row.status != stage.kind:
        values["closed_at"] = now
    return values


def seconds_since(moment: datetime, now: datetime) -> int:
    return max(0, int((now - moment).total_seconds()))


def weighted(amount: Decimal | None, probability: int, currency: str) -> Decimal | None:
    """amount x probability, rounded to the currency's usual decimals."""
    if amount is None:
        return None
    places = Decimal(1).scaleb(-currency_places(currency))
    return (amount * probability / 100).quantize(places, rounding=ROUND_HALF_UP)


class DealService(RecordService[Deal]):
    repository = DealRepository
    event_fields = EVENT_FIELDS
    bulk_fields = frozenset({"owner_id", "expected_close_date", "probability", "custom"})
    update_schema = DealUpdate
    plural = "deals"
    repo: DealRepository

    def __init__(self, session: AsyncSession, access: Access) -> None:
        super().__init__(session, access)
        self.pipelines = PipelineRepository(session, access.subject)
        self._pending = _Pending()

    # Reading
    def out(self, r: Deal, related: Related, now: datetime | None = None) -> DealOut:
        # Plain values validated once, as ContactService.out (a board shows 100+ cards).
        stage = related["stage"]
        probability = r.probability if r.probability is not None else stage["probability"]
        contacts = sorted(as_list(related.get("contacts")), key=_primary_first)
        return DealOut.model_validate(
            {
                "id": r.id,
                "name": r.name,
                "amount": money_text(r.amount, r.currency),
                "currency": r.currency,
                "pipeline_id": r.pipeline_id,
                "stage": stage,
                "probability": probability,
                "probability_overridden": r.probability is not None,
                "weighted_amount": money_text(
                    weighted(r.amount, probability, r.currency), r.currency
                ),
                "expected_close_date": r.expected_close_date,
                "status": r.status,
                "lost_reason": r.lost_reason,
                "closed_at": r.closed_at,
                "company": related.get("company"),
                "contacts": [
                    {
                        "id": c["id"],
                        "full_name": " ".join(p for p in (c["first_name"], c["last_name"]) if p),
                        "primary": c["primary"],
                    }
                    for c in contacts
                ],
                "owner": related.get("owner"),
                "position": r.position,
                "stage_entered_at": r.stage_entered_at,
                "is_stale": stale(r, stage["rotting_days"], now or utcnow()),
                "tags": tag_list(related.get("tags")),
                "custom": r.custom,
                "version": r.version,
                "created_at": r.created_at,
                "updated_at": r.updated_at,
            }
        )

    # Changing
    async def prepare(self, values: dict[str, Any], row: Deal | None) -> dict[str, Any]:
        self._pending = _Pending()
        now = utcnow()
        if row is None:
            await self._place_new(values, now)
        else:
            await self._place_existing(values, row, now)
        if values.get("company_id") is not None:
            await self._check_company(values["company_id"])
        if "contacts" in values:
            self._pending.links = await self._checked_links(values.pop("contacts") or [])
        return values

    async def _place_new(self, values: dict[str, Any], now: datetime) -> None:
        pipeline = await self._pipeline(values.get("pipeline_id"))
        stage = await self._stage_in(pipeline, values.get("stage_id"))
        values["pipeline_id"] = pipeline.id
        values["currency"] = values.get("currency") or pipeline.currency
        values |= enter_stage(None, stage, now)
        values["position"] = await self.repo.end_of_column(stage.id)

    async def _place_existing(self, values: dict[str, Any], row: Deal, now: datetime) -> None:
        if "currency" in values and values["currency"] is None:
            pipeline = await self.pipelines.get(row.pipeline_id)
            values["currency"] = pipeline.currency if pipeline else row.currency
        pipeline_id = values.get("pipeline_id", row.pipeline_id)
        if "pipeline_id" in values and pipeline_id is None:
            raise ValidationFailed.field(
                ("body", "pipeline_id"), "A deal is always in a pipeline; give one or leave it out."
            )
        if "stage_id" in values and values["stage_id"] is None:
            raise ValidationFailed.field(
                ("body", "stage_id"), "A deal is always in a stage; give one or leave it out."
            )
        if pipeline_id == row.pipeline_id and values.get("stage_id", row.stage_id) == row.stage_id:
            values.pop("pipeline_id", None)
            values.pop("stage_id", None)
            return
        pipeline = await self._pipeline(pipeline_id)
        # A new pipeline without a stage named: its first open stage.
        stage = await self._stage_in(pipeline, values.get("stage_id"))
        values["pipeline_id"] = pipeline.id
        if stage.id == row.stage_id:
            values.pop("stage_id", None)
            return
        self._pending.stage_change = StageChange(
            row.stage_id, stage, seconds_since(row.stage_entered_at, now)
        )
        values |= enter_stage(row, stage, now)
        values["position"] = await self.repo.end_of_column(stage.id, exclude=row.id)

    async def _pipeline(self, pipeline_id: uuid.UUID | None) -> Pipeline:
        if pipeline_id is None:
            pipeline = await self.pipelines.default_pipeline()
            if pipeline is None:
                raise ValidationFailed.field(
                    ("body", "pipeline_id"),
                    "Your organization has no default pipeline; name the deal's pipeline.",
                )
            return pipeline
        found = await self.pipelines.get(pipeline_id)
        if found is None:
            raise ValidationFailed.field(
                ("body", "pipeline_id"), "No pipeline with this id in your organization."
            )
        return found

    async def _stage_in(self, pipeline: Pipeline, stage_id: uuid.UUID | None) -> Stage:
        """The stage ``stage_id`` of ``pipeline`` (422 otherwise), or its first open stage."""
        if stage_id is None:
            first = await self.pipelines.first_open_stage(pipeline.id)
            if first is None:
                raise ValidationFailed.field(
                    ("body", "stage_id"),
                    f"The pipeline '{pipeline.name}' has no open stage; name the deal's stage.",
                )
            return first
        return await self.stage_of_pipeline(pipeline, stage_id)

    async def stage_of_pipeline(self, pipeline: Pipeline | uuid.UUID, stage_id: uuid.UUID) -> Stage:
        """A stage of the organization's ``pipeline``; 422 at ``stage_id`` otherwise (the
        same answer for a stage of another organization as for one that does not exist)."""
        pipeline_id = pipeline if isinstance(pipeline, uuid.UUID) else pipeline.id
        stage = await self.pipelines.get_stage(stage_id)
        if stage is None:
            raise ValidationFailed.field(
                ("body", "stage_id"), "No stage with this id in your organization."
            )
        if stage.pipeline_id != pipeline_id:
            raise ValidationFailed.field(
                ("body", "stage_id"),
                f"The stage '{stage.name}' belongs to another pipeline than the deal's: choose "
                "a stage of the deal's pipeline, or give `pipeline_id` too to change pipeline.",
            )
        return stage

    async def _check_company(self, company_id: uuid.UUID) -> None:
        if await self.repo.visible_company(company_id) is None:
            raise ValidationFailed.field(
                ("body", "company_id"), "No company with this id that you can see."
            )

    async def _checked_links(self, items: list[dict[str, Any]]) -> list[tuple[uuid.UUID, bool]]:
        """The contacts to link as (id, primary): visible, each once, one primary (the first
        when none is marked)."""
        ids = [item["contact_id"] for item in items]
        for index, contact_id in enumerate(ids):
            if contact_id in ids[:index]:
                raise ValidationFailed.field(
                    ("body", "contacts", index, "contact_id"), "This contact is listed twice."
                )
        if sum(1 for item in items if item.get("primary")) > 1:
            raise ValidationFailed.field(
                ("body", "contacts"), "At most one contact can be the primary one."
            )
        visible = await self.repo.visible_contact_ids(ids) if ids else set()
        for index, contact_id in enumerate(ids):
            if contact_id not in visible:
                raise ValidationFailed.field(
                    ("body", "contacts", index, "contact_id"),
                    "No contact with this id that you can see.",
                )
        primary = next((i for i, item in enumerate(items) if item.get("primary")), 0)
        return [(contact_id, i == primary) for i, contact_id in enumerate(ids)]

    async def write_related(self, row: Deal, *, created: bool) -> dict[str, Any]:
        pending, self._pending = self._pending, _Pending()
        changes: dict[str, Any] = {}
        if pending.links is not None:
            before = await self.repo.links_of(row.id) if not created else []
            if sorted(before) != sorted(pending.links):
                await self.repo.replace_links(row, pending.links)
                changes["contacts"] = _links_change(before, pending.links, created)
                if not created:
                    row.updated_at = utcnow()  # links are not a column: move the version
        if pending.stage_change is not None:
            await self.record_stage_change(row, pending.stage_change)
        return changes

    async def record_stage_change(self, row: Deal, change: StageChange) -> None:
        """The history row and the ``deal.stage_changed`` event of one change of stage."""
        stages = await self.repo.stages_by_id([change.from_stage_id])
        previous = stages.get(change.from_stage_id)
        await self.repo.add_stage_change(
            DealStageChange(
                org_id=row.org_id,
                deal_id=row.id,
                from_stage_id=change.from_stage_id,
                to_stage_id=change.to_stage.id,
                seconds_in_previous=change.seconds_in_previous,
                changed_at=row.stage_entered_at,
                changed_by_id=self.subject.person_id,
            )
        )
        await self.record(
            "deal.stage_changed",
            row.id,
            {
                "from_stage": _stage_ref(previous, change.from_stage_id),
                "to_stage": _stage_ref(change.to_stage, change.to_stage.id),
                "seconds_in_previous": change.seconds_in_previous,
            },
        )


def is_stale(row: Deal, stage: Stage, now: datetime) -> bool:
    """Open and in its stage for longer than the stage's ``rotting_days``."""
    return stale(row, stage.rotting_days, now)


def _primary_first(contact: dict[str, Any]) -> tuple[bool, str]:
    """The primary contact first, then in the order they were linked (the links' ids, in one
    database's one spelling, order as their text)."""
    return not contact["primary"], str(contact["link"])


def stale(row: Deal, rotting_days: int | None, now: datetime) -> bool:
    if row.status != DealStatus.open or rotting_days is None:
        return False
    return row.stage_entered_at < now - timedelta(days=rotting_days)


def _stage_ref(stage: Stage | None, stage_id: uuid.UUID) -> dict[str, Any]:
    return {"id": str(stage_id), "name": stage.name if stage else None}


def _links_change(
    before: list[tuple[uuid.UUID, bool]], after: list[tuple[uuid.UUID, bool]], created: bool
) -> Any:
    def text(links: list[tuple[uuid.UUID, bool]]) -> list[str]:
        return [f"{c}{' (primary)' if p else ''}" for c, p in links]

    return text(after) if created else {"before": text(before), "after": text(after)}

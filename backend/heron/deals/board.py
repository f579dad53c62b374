"""The deals board: a pipeline's stages as columns of cards, and moving a card.

Cards are ordered by ``position`` (then id), a float: a moved card takes the midpoint of its new
neighbours, so a move writes one row. When two neighbours are too close for a midpoint, that
one column is renumbered with gaps of ``POSITION_STEP``.

Sums assume one currency per pipeline (the pipeline's): amounts are added as they are, and each
column says how many of its deals are in another currency (``other_currency_count``), so a
client can warn that the sum mixes currencies rather than convert them.
"""

from __future__ import annotations

import uuid
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from starlette.datastructures import QueryParams

from heron.deals.repository import POSITION_STEP
from heron.deals.schemas import Board, BoardColumn, BoardStage, DealMove, DealOut
from heron.deals.service import (
    EVENT_FIELDS,
    DealService,
    StageChange,
    enter_stage,
    seconds_since,
)
from heron.events import service as events
from heron.kit.envelope import CursorMeta
from heron.kit.errors import NotFound, ValidationFailed
from heron.kit.pagination import CursorParams, encode_cursor
from heron.kit.validators import MONEY_DECIMALS, currency_places, money_text
from heron.models import Deal
from heron.models.base import utcnow
from heron.models.pipeline import Pipeline, Stage
from heron.roles.matrix import Action

# Below this gap between two neighbours, a midpoint would lose order to float rounding.
MIN_GAP = 1e-6
_MONEY = Decimal(1).scaleb(-MONEY_DECIMALS)


class DealBoard:
    def __init__(self, service: DealService) -> None:
        self.service = service
        self.repo = service.repo

    # Reading
    async def board(
        self,
        query: QueryParams,
        pipeline_id: uuid.UUID | None,
        q: str | None,
        view_id: uuid.UUID | None,
        limit: int,
    ) -> Board:
        """Every stage of the pipeline with the count and sums of the deals the caller may see
        that match the filters, and the first ``limit`` cards of each."""
        pipeline, stages = await self._pipeline(pipeline_id)
        matching, _ = await self.repo.matching(query, q, view_id)
        matching = matching.where(Deal.pipeline_id == pipeline.id)
        cards, related, totals = await self.repo.board(
            matching, stages, pipeline.currency, limit + 1
        )
        stage_values = {s.id: _stage_values(s) for s in stages}
        by_stage: dict[uuid.UUID, list[Deal]] = {}
        for card in cards:
            by_stage.setdefault(card.stage_id, []).append(card)
        now = utcnow()
        columns = []
        for stage in stages:
            column_cards = by_stage.get(stage.id, [])
            total = totals.get(stage.id)
            more = len(column_cards) > limit
            last = column_cards[limit - 1] if more else None
            columns.append(
                BoardColumn(
                    stage=_stage_out(stage),
                    count=total.count if total else 0,
                    amount_sum=_money(total.amount_sum if total else None, pipeline.currency),
                    weighted_sum=_money(
                        total.weighted_sum if total else None, pipeline.currency, rounded=True
                    ),
                    other_currency_count=total.other_currency_count if total else 0,
                    cards=[
                        self.service.out(c, related[c.id] | stage_values[c.stage_id], now)
                        for c in column_cards[:limit]
                    ],
                    next_cursor=encode_cursor([last.position, last.id]) if last else None,
                )
            )
        return Board(pipeline_id=pipeline.id, currency=pipeline.currency, columns=columns)

    async def column(
        self,
        stage_id: uuid.UUID,
        query: QueryParams,
        q: str | None,
        view_id: uuid.UUID | None,
        page: CursorParams,
    ) -> tuple[list[DealOut], CursorMeta]:
        """One page of a column's cards in board order, with the board's filters."""
        stage = await self.service.pipelines.get_stage(stage_id)
        if stage is None:
            raise NotFound("No stage with this id in your organization.")
        matching, _ = await self.repo.matching(query, q, view_id)
        rows, related, meta = await self.repo.column_page(matching, stage.id, page)
        return await self.service.read(rows, related), meta

    async def _pipeline(self, pipeline_id: uuid.UUID | None) -> tuple[Pipeline, list[Stage]]:
        found = await self.service.pipelines.with_stages(pipeline_id)
        if found is not None:
            return found
        if pipeline_id is None:
            raise NotFound("Your organization has no default pipeline; give `pipeline_id`.")
        raise NotFound("No pipeline with this id in your organization.")

    # Moving
    async def move(self, deal_id: uuid.UUID, body: DealMove, expected: int | None) -> Deal:
        """Put a deal in a stage of its pipeline, before or after a card or at the end."""
        service = self.service
        row: Deal = await service.get(deal_id)
        await service.assert_may_change(row, Action.update)
        # A body that can never work is refused before the version: 422 whatever If-Match says.
        stage = await service.stage_of_pipeline(row.pipeline_id, body.stage_id)
        neighbour = await self._neighbour(row, stage, body)
        await service.check_version(row, expected)
        position = await self._position(row, stage, neighbour, after=body.after_id is not None)
        now = utcnow()
        before = events.snapshot(row, EVENT_FIELDS)
        change = None
        if stage.id != row.stage_id:
            change = StageChange(row.stage_id, stage, seconds_since(row.stage_entered_at, now))
            for name, value in enter_stage(row, stage, now).items():
                setattr(row, name, value)
        row.position = position
        await self.repo.flush()
        if change is not None:
            await service.record_stage_change(row, change)
        changes = events.diff(before, events.snapshot(row, EVENT_FIELDS))
        if changes:
            await service.record("deal.updated", row.id, changes)
        return row

    async def _position(self, row: Deal, stage: Stage, card: Deal | None, *, after: bool) -> float:
        """Between ``card`` and its neighbour on the ``after`` side; the column's end without
        a card."""
        if card is None:
            return await self.repo.end_of_column(stage.id, exclude=row.id)
        other = await self.repo.neighbour_position(card, after=after, exclude=row.id)
        low, high = (card.position, other) if after else (other, card.position)
        if low is not None and high is not None and high - low < MIN_GAP:
            positions = await self.repo.renumber_column(stage.id, exclude=row.id)
            here = positions[card.id]
            beside = here + POSITION_STEP if after else here - POSITION_STEP
            low, high = (here, beside) if after else (beside, here)
            if beside not in positions.values():
                low, high = (low, None) if after else (None, high)
        if low is None:
            return high - POSITION_STEP  # type: ignore[operator]
        if high is None:
            return low + POSITION_STEP
        return (low + high) / 2

    async def _neighbour(self, row: Deal, stage: Stage, body: DealMove) -> Deal | None:
        """The visible card of the target column to place the deal next to, if one is named."""
        name = "after_id" if body.after_id is not None else "before_id"
        deal_id = body.after_id or body.before_id
        if deal_id is None:
            return None
        loc = ("body", name)
        if deal_id == row.id:
            raise ValidationFailed.field(loc, "A deal cannot be placed next to itself.")
        card = await self.repo.get(deal_id)
        if card is None:
            raise ValidationFailed.field(loc, "No deal with this id that you can see.")
        if card.pipeline_id != row.pipeline_id:
            raise ValidationFailed.field(
                loc, "This deal is in another pipeline: place the card next to one of its column."
            )
        if card.stage_id != stage.id:
            raise ValidationFailed.field(
                loc, f"This deal is not in the stage '{stage.name}': place the card next to "
                "one of that column."
            )  # fmt: skip
        return card


def _stage_values(stage: Stage) -> dict[str, Any]:
    """A card's stage as its related "stage" column would give it (the board has them all)."""
    return {
        "stage": {
            "id": stage.id, "name": stage.name, "kind": stage.kind,
            "probability": stage.probability, "rotting_days": stage.rotting_days,
        }
    }  # fmt: skip


def _stage_out(stage: Stage) -> BoardStage:
    return BoardStage(
        id=stage.id,
        name=stage.name,
        kind=stage.kind,
        probability=stage.probability,
        rotting_days=stage.rotting_days,
        position=stage.position,
    )


def _money(value: Decimal | None, currency: str, *, rounded: bool = False) -> str:
    """A sum as money text; a weighted sum (an estimate) ``rounded`` to the currency's usual
    decimals, as each card's weighted amount is."""
    places = Decimal(1).scaleb(-currency_places(currency)) if rounded else _MONEY
    text = money_text((value or Decimal(0)).quantize(places, rounding=ROUND_HALF_UP), currency)
    assert text is not None
    return text

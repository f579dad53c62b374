"""Test data of pipelines, stages and the deals that sit in them."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.models import Organization
from heron.models.deal import Deal
from heron.models.pipeline import Pipeline, Stage

PIPELINES = "/api/v1/pipelines"


def pipeline_url(pipeline_id: uuid.UUID | str) -> str:
    return f"{PIPELINES}/{pipeline_id}"


def stages_url(pipeline_id: uuid.UUID | str) -> str:
    return f"{PIPELINES}/{pipeline_id}/stages"


def order_url(pipeline_id: uuid.UUID | str) -> str:
    return f"{PIPELINES}/{pipeline_id}/stages/order"


def stage_url(pipeline_id: uuid.UUID | str, stage_id: uuid.UUID | str) -> str:
    return f"{PIPELINES}/{pipeline_id}/stages/{stage_id}"


async def create_pipeline(
    session: AsyncSession,
    org: Organization,
    *,
    stages: tuple[str, ...] = ("Open", "Won", "Lost"),
    **overrides: Any,
) -> tuple[Pipeline, list[Stage]]:
    """A pipeline of ``org`` with ``stages`` (named; the last two are won and lost when there
    are three or more, the others open)."""
    values: dict[str, Any] = {"name": f"Pipeline {uuid.uuid4().hex[:6]}", "currency": "EUR"}
    values.update(overrides)
    pipeline = Pipeline(org_id=org.id, **values)
    session.add(pipeline)
    await session.flush()
    kinds = ["open"] * len(stages)
    if len(stages) >= 3:
        kinds[-2:] = ["won", "lost"]
    rows = [
        Stage(org_id=org.id, pipeline_id=pipeline.id, name=name, position=i, kind=kind)
        for i, (name, kind) in enumerate(zip(stages, kinds, strict=True))
    ]
    session.add_all(rows)
    await session.flush()
    return pipeline, rows


async def create_deal(session: AsyncSession, stage: Stage, **overrides: Any) -> Deal:
    """A deal row in ``stage`` (put there directly, as the deals API would)."""
    values: dict[str, Any] = {"name": f"Deal {uuid.uuid4().hex[:6]}"}
    values.update(overrides)
    deal = Deal(org_id=stage.org_id, pipeline_id=stage.pipeline_id, stage_id=stage.id, **values)
    session.add(deal)
    await session.flush()
    return deal


async def stages_in_order(session: AsyncSession, pipeline_id: uuid.UUID) -> list[Stage]:
    """The pipeline's stages as stored now, in board order."""
    rows = await session.scalars(
        select(Stage)
        .where(Stage.pipeline_id == pipeline_id)
        .order_by(Stage.position)
        .execution_options(populate_existing=True)
    )
    return list(rows)


async def board(session: AsyncSession, pipeline_id: uuid.UUID) -> list[tuple[str, int]]:
    """(name, position) of the pipeline's stages as stored now, in board order."""
    return [(s.name, s.position) for s in await stages_in_order(session, pipeline_id)]


async def pipelines_of(session: AsyncSession, org: Organization) -> list[Pipeline]:
    """The organization's pipelines as stored now, in order."""
    rows = await session.scalars(
        select(Pipeline)
        .where(Pipeline.org_id == org.id)
        .order_by(Pipeline.position, Pipeline.created_at)
        .execution_options(populate_existing=True)
    )
    return list(rows)


# The default pipeline every new organization gets: (name, probability, kind) per stage.
STANDARD_STAGES = [
    ("Prospect", 10, "open"),
    ("Qualified", 25, "open"),
    ("Proposal", 50, "open"),
    ("Negotiation", 75, "open"),
    ("Closed Won", 100, "won"),
    ("Closed Lost", 0, "lost"),
]


def stage_summary(data: dict[str, object]) -> list[tuple[object, object, object]]:
    """(name, probability, kind) of each stage of a pipeline as the API answers it."""
    stages = data["stages"]
    assert isinstance(stages, list)
    return [(s["name"], s["probability"], s["kind"]) for s in stages]

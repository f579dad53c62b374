"""Pipelines and their stages: the columns of the deals board.

An organization has several pipelines and exactly one default (where new deals go when none is
named): making one the default un-defaults the other, the default cannot be deleted, and the
first pipeline of an organization becomes its default whatever the request says. A pipeline
keeps at least one stage. Pipelines and stages that hold deals (deleted ones in the trash
included: the foreign keys restrict) cannot be deleted. Owners and Admins change them; everyone
reads them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.events import service as events
from heron.kit.envelope import PageMeta
from heron.kit.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from heron.kit.ids import uuid7
from heron.kit.pagination import PageParams
from heron.kit.subject import ActorType, Subject
from heron.kit.versioning import check_version
from heron.models.pipeline import Pipeline, Stage, StageKind
from heron.pipelines.repository import PipelineRepository
from heron.pipelines.schemas import (
    PipelineCreate,
    PipelineOut,
    PipelineUpdate,
    StageCreate,
    StageIn,
    StageOrder,
    StageOut,
    StageUpdate,
)
from heron.roles.matrix import Role, Scope

DEFAULT_PIPELINE_NAME = "Sales pipeline"
DEFAULT_STAGES: tuple[StageIn, ...] = (
    StageIn(name="Prospect", probability=10),
    StageIn(name="Qualified", probability=25),
    StageIn(name="Proposal", probability=50),
    StageIn(name="Negotiation", probability=75),
    StageIn(name="Closed Won", probability=100, kind=StageKind.won),
    StageIn(name="Closed Lost", probability=0, kind=StageKind.lost),
)
PIPELINE_FIELDS = ("name", "currency", "is_default", "position")
STAGE_FIELDS = ("pipeline_id", "name", "position", "probability", "kind", "rotting_days")
NO_PIPELINE = "No pipeline with this id in your organization."
NO_STAGE = "No stage with this id in this pipeline."


async def create_default_pipeline(
    session: AsyncSession,
    org_id: uuid.UUID,
    *,
    currency: str,
    actor_user_id: uuid.UUID | None = None,
) -> Pipeline:
    """The "Sales pipeline" every new organization starts with, as its default."""
    # The organization is being made: nobody calls yet, the system writes in its name.
    subject = Subject(actor_type=ActorType.system, org_id=org_id, role=Role.owner.value)
    builder = _Builder(session, PipelineRepository(session, subject), None, actor_user_id)
    return await builder.add(DEFAULT_PIPELINE_NAME, currency, True, DEFAULT_STAGES)


class _Builder:
    """Makes a pipeline with its stages and records it: for the API and for a new organization."""

    def __init__(
        self,
        session: AsyncSession,
        repo: PipelineRepository,
        subject: Subject | None,
        actor_user_id: uuid.UUID | None = None,
    ) -> None:
        self.session = session
        self.repo = repo
        self.subject = subject
        self.actor_user_id = actor_user_id

    async def add(
        self, name: str, currency: str, is_default: bool, stages: Sequence[StageIn]
    ) -> Pipeline:
        # The organization's first pipeline is its default, so there always is one.
        is_default = is_default or await self.repo.default_pipeline() is None
        pipeline = Pipeline(
            id=uuid7(),
            org_id=self.repo.org_id,
            name=name,
            currency=currency,
            is_default=is_default,
            position=await self.repo.next_position(),
        )
        if is_default:
            # First, so that at no moment two pipelines are the default (a unique index).
            await self.undefault_others(pipeline)
        await self.repo.add(pipeline)
        rows = [_stage(pipeline, index, s) for index, s in enumerate(stages)]
        await self.repo.add_stages(rows)
        changes = events.snapshot(pipeline, PIPELINE_FIELDS) | {
            "stages": [events.snapshot(s, ("id", *STAGE_FIELDS[1:])) for s in rows]
        }
        await self.record("pipeline.created", "pipeline", pipeline.id, changes)
        return pipeline

    async def undefault_others(self, pipeline: Pipeline) -> None:
        for other in await self.repo.other_defaults(pipeline.id):
            other.is_default = False
            await self.repo.flush()
            change = {"is_default": {"before": True, "after": False}}
            await self.record("pipeline.updated", "pipeline", other.id, change)

    async def record(
        self, type_: str, entity: str, entity_id: uuid.UUID, changes: dict[str, Any]
    ) -> None:
        await events.record(
            self.session,
            org_id=self.repo.org_id,
            type=type_,
            entity=entity,
            entity_id=entity_id,
            subject=self.subject,
            actor_user_id=self.actor_user_id,
            changes=changes,
        )


def _stage(pipeline: Pipeline, position: int, body: StageIn) -> Stage:
    return Stage(
        id=uuid7(),
        org_id=pipeline.org_id,
        pipeline_id=pipeline.id,
        name=body.name,
        position=position,
        probability=body.probability,
        kind=body.kind.value,
        rotting_days=body.rotting_days,
    )


def stage_out(stage: Stage) -> StageOut:
    return StageOut.model_validate(stage)


def pipeline_out(pipeline: Pipeline, stages: Sequence[Stage]) -> PipelineOut:
    return PipelineOut(
        id=pipeline.id,
        name=pipeline.name,
        currency=pipeline.currency,
        is_default=pipeline.is_default,
        position=pipeline.position,
        version=pipeline.version,
        stages=[stage_out(s) for s in stages],
        created_at=pipeline.created_at,
        updated_at=pipeline.updated_at,
    )


class PipelineService:
    def __init__(self, session: AsyncSession, access: Access) -> None:
        self.session = session
        self.access = access
        self.repo = PipelineRepository(session, access.subject)
        self.builder = _Builder(session, self.repo, access.subject)

    # Reading
    async def page(self, params: PageParams) -> tuple[list[PipelineOut], PageMeta]:
        """One page of the organization's pipelines in order, each with its stages."""
        rows, meta = await self.repo.page(params)
        stages = await self.repo.stages_by_pipeline(p.id for p in rows)
        return [pipeline_out(p, stages[p.id]) for p in rows], meta

    async def get(self, pipeline_id: uuid.UUID) -> Pipeline:
        return await self.repo.get_or_404(pipeline_id, NO_PIPELINE)

    async def detail(self, pipeline: Pipeline) -> PipelineOut:
        """A pipeline with its stages in board order."""
        return pipeline_out(pipeline, await self.repo.stages_of(pipeline.id))

    async def get_stage(self, pipeline_id: uuid.UUID, stage_id: uuid.UUID) -> Stage:
        """A stage of this pipeline: one of another pipeline (or organization) is not found."""
        pipeline = await self.get(pipeline_id)
        stage = await self.repo.get_stage(stage_id)
        if stage is None or stage.pipeline_id != pipeline.id:
            raise NotFound(NO_STAGE)
        return stage

    # Changing pipelines
    async def create(self, body: PipelineCreate) -> Pipeline:
        """A new pipeline with the given stages, or the six standard ones."""
        self._assert_may_write()
        if await self.repo.name_taken(body.name):
            raise _pipeline_name_conflict(body.name)
        stages = body.stages or DEFAULT_STAGES
        _assert_distinct_stage_names(stages)
        currency = body.currency or await self.repo.org_currency()
        return await self.builder.add(body.name, currency, body.is_default, stages)

    async def update(
        self, pipeline_id: uuid.UUID, body: PipelineUpdate, expected: int | None
    ) -> Pipeline:
        """Rename a pipeline, change its currency or make it the default."""
        self._assert_may_write()
        pipeline = await self.get(pipeline_id)
        check_version(pipeline.version, expected, current_record=await self._current(pipeline))
        values = body.model_dump(exclude_unset=True)
        if values.get("is_default") is False and pipeline.is_default:
            raise ValidationFailed.field(
                ("body", "is_default"),
                "An organization always has a default pipeline: make another pipeline the "
                "default instead.",
            )
        if "name" in values and await self.repo.name_taken(values["name"], other_than=pipeline.id):
            raise _pipeline_name_conflict(values["name"])
        before = events.snapshot(pipeline, PIPELINE_FIELDS)
        if values.get("is_default") and not pipeline.is_default:
            # First, so that at no moment two pipelines are the default (a unique index).
            await self.builder.undefault_others(pipeline)
        for field, value in values.items():
            setattr(pipeline, field, value)
        changes = events.diff(before, events.snapshot(pipeline, PIPELINE_FIELDS))
        if changes:
            await self.repo.flush()
            await self.builder.record("pipeline.updated", "pipeline", pipeline.id, changes)
        return pipeline

    async def delete(self, pipeline_id: uuid.UUID, expected: int | None) -> None:
        """Delete a pipeline and its stages, unless it is the default or holds deals."""
        self._assert_may_write()
        pipeline = await self.get(pipeline_id)
        check_version(pipeline.version, expected, current_record=await self._current(pipeline))
        if pipeline.is_default:
            raise Conflict("This is the default pipeline: make another pipeline the default first.")
        total, deleted = await self.repo.deal_count(pipeline_id=pipeline.id)
        if total:
            raise Conflict(_holds_deals("pipeline", total, deleted))
        stages = await self.repo.stages_of(pipeline.id)
        changes = events.snapshot(pipeline, PIPELINE_FIELDS) | {
            "stage_ids": [str(s.id) for s in stages]
        }
        await self.repo.delete(pipeline)
        await self.builder.record("pipeline.deleted", "pipeline", pipeline_id, changes)

    # Changing stages
    async def add_stage(self, pipeline_id: uuid.UUID, body: StageCreate) -> Stage:
        """A new stage, last unless a position is given."""
        self._assert_may_write()
        pipeline = await self.get(pipeline_id)
        if await self.repo.stage_name_taken(pipeline.id, body.name):
            raise _stage_name_conflict(body.name)
        stages = await self.repo.stages_of(pipeline.id)
        stage = _stage(pipeline, len(stages), body)
        await self.repo.add_stages([stage])
        at = len(stages) if body.position is None else min(body.position, len(stages))
        await self._renumber([*stages[:at], stage, *stages[at:]])
        await self.builder.record(
            "stage.created", "stage", stage.id, events.snapshot(stage, STAGE_FIELDS)
        )
        return stage

    async def update_stage(
        self, pipeline_id: uuid.UUID, stage_id: uuid.UUID, body: StageUpdate, expected: int | None
    ) -> Stage:
        """Rename a stage or change its probability, kind or staleness limit."""
        self._assert_may_write()
        stage = await self.get_stage(pipeline_id, stage_id)
        check_version(stage.version, expected, current_record=_stage_record(stage))
        values = body.model_dump(exclude_unset=True)
        if "name" in values and await self.repo.stage_name_taken(
            stage.pipeline_id, values["name"], other_than=stage.id
        ):
            raise _stage_name_conflict(values["name"])
        if "kind" in values:
            values["kind"] = StageKind(values["kind"]).value
        before = events.snapshot(stage, STAGE_FIELDS)
        for field, value in values.items():
            setattr(stage, field, value)
        changes = events.diff(before, events.snapshot(stage, STAGE_FIELDS))
        if changes:
            await self.repo.flush()
            if "kind" in changes:
                # A deal's status follows its stage's kind: the deals in it follow too.
                moved = await self.repo.set_deal_status(stage.id, stage.kind)
                if moved:
                    changes["deals_changed_status"] = moved
            await self.builder.record("stage.updated", "stage", stage.id, changes)
        return stage

    async def delete_stage(
        self, pipeline_id: uuid.UUID, stage_id: uuid.UUID, expected: int | None
    ) -> None:
        """Delete a stage that holds no deals; a pipeline keeps at least one stage."""
        self._assert_may_write()
        stage = await self.get_stage(pipeline_id, stage_id)
        check_version(stage.version, expected, current_record=_stage_record(stage))
        total, deleted = await self.repo.deal_count(stage_id=stage.id)
        if total:
            raise Conflict(_holds_deals("stage", total, deleted))
        stages = await self.repo.stages_of(stage.pipeline_id)
        if len(stages) == 1:
            raise Conflict("A pipeline needs at least one stage: this is its last one.")
        changes = events.snapshot(stage, STAGE_FIELDS)
        await self.repo.delete_stage(stage)
        await self._renumber([s for s in stages if s.id != stage_id])
        await self.builder.record("stage.deleted", "stage", stage_id, changes)

    async def reorder(self, pipeline_id: uuid.UUID, body: StageOrder) -> Pipeline:
        """Put the pipeline's stages in the order given (every stage, each once)."""
        self._assert_may_write()
        pipeline = await self.get(pipeline_id)
        stages = await self.repo.stages_of(pipeline.id)
        _assert_same_stages(stages, body.stage_ids)
        by_id = {s.id: s for s in stages}
        before = [str(s.id) for s in stages]
        await self._renumber([by_id[i] for i in body.stage_ids])
        after = [str(i) for i in body.stage_ids]
        if after != before:
            change = {"stage_ids": {"before": before, "after": after}}
            await self.builder.record("stage.reordered", "pipeline", pipeline.id, change)
        return pipeline

    # Rules and helpers
    def _assert_may_write(self) -> None:
        # The matrix gives pipelines "all" or "none"; the route refused "none" already, and the
        # service says it again so no other caller writes without the right.
        if self.access.scope is not Scope.all:
            raise PermissionDenied("Only Owners and Admins change pipelines and stages.")

    async def _renumber(self, ordered: Sequence[Stage]) -> None:
        """Positions 0, 1, 2... in this order; only stages that move are written."""
        for position, stage in enumerate(ordered):
            if stage.position != position:
                stage.position = position
        await self.repo.flush()

    async def _current(self, pipeline: Pipeline) -> dict[str, Any]:
        return (await self.detail(pipeline)).model_dump(mode="json")


def _stage_record(stage: Stage) -> dict[str, Any]:
    return stage_out(stage).model_dump(mode="json")


def _assert_distinct_stage_names(stages: Sequence[StageIn]) -> None:
    seen: set[str] = set()
    for index, stage in enumerate(stages):
        key = stage.name.lower()
        if key in seen:
            raise ValidationFailed.field(
                ("body", "stages", index, "name"),
                f"Two stages are named “{stage.name}”: stage names are unique in a pipeline.",
            )
        seen.add(key)


def _assert_same_stages(stages: Sequence[Stage], given: Sequence[uuid.UUID]) -> None:
    """422 unless ``given`` names every stage of the pipeline exactly once."""
    known = {s.id for s in stages}
    problems = []
    repeated = sorted({str(i) for i in given if given.count(i) > 1})
    unknown = [str(i) for i in dict.fromkeys(given) if i not in known]
    missing = [str(s.id) for s in stages if s.id not in set(given)]
    if repeated:
        problems.append(f"listed more than once: {', '.join(repeated)}")
    if unknown:
        problems.append(f"not stages of this pipeline: {', '.join(unknown)}")
    if missing:
        problems.append(f"missing: {', '.join(missing)}")
    if problems:
        raise ValidationFailed.field(
            ("body", "stage_ids"),
            "List every stage of this pipeline exactly once (" + "; ".join(problems) + ").",
        )


def _holds_deals(what: str, total: int, deleted: int) -> str:
    target = "another stage" if what == "stage" else "another pipeline"
    deals = "deal" if total == 1 else "deals"
    message = f"This {what} still holds deals. Move its {total} {deals} to {target} first."
    if deleted:
        message += (
            f" {deleted} of them are in the trash: restore and move them, or empty the trash."
        )
    return message


def _pipeline_name_conflict(name: str) -> Conflict:
    return Conflict(f"A pipeline named “{name}” already exists in your organization.")


def _stage_name_conflict(name: str) -> Conflict:
    return Conflict(f"A stage named “{name}” already exists in this pipeline.")

"""Every query of pipelines and stages, always inside the caller's organization.

Other domains (deals) use the small reading API at the top of ``PipelineRepository``:
``get_stage``, ``stages_of``, ``default_pipeline`` and ``first_open_stage``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, and_, delete, func, literal, select, update

from heron.kit.envelope import PageMeta
from heron.kit.pagination import PageParams, paginate
from heron.kit.repository import OrgScopedRepository
from heron.models import Organization
from heron.models.base import UTCDateTime, utcnow
from heron.models.deal import Deal
from heron.models.pipeline import Pipeline, Stage, StageKind


class PipelineRepository(OrgScopedRepository[Pipeline]):
    model = Pipeline

    # The reading API other domains use
    async def get_stage(self, stage_id: uuid.UUID) -> Stage | None:
        """The stage with this id in the caller's organization (any pipeline), or None."""
        stage: Stage | None = await self.session.scalar(self._stages().where(Stage.id == stage_id))
        return stage

    async def stages_of(self, pipeline_id: uuid.UUID) -> list[Stage]:
        """The stages of one of the organization's pipelines in board order (empty for a
        pipeline of another organization or none)."""
        rows = await self.session.scalars(
            self._stages().where(Stage.pipeline_id == pipeline_id).order_by(*_STAGE_ORDER)
        )
        return list(rows)

    async def default_pipeline(self) -> Pipeline | None:
        """The organization's default pipeline (None only for an organization that has no
        pipeline at all, such as one made directly in the database)."""
        pipeline: Pipeline | None = await self.session.scalar(
            self.base().where(Pipeline.is_default.is_(True)).order_by(*_PIPELINE_ORDER).limit(1)
        )
        return pipeline

    async def with_stages(
        self, pipeline_id: uuid.UUID | None
    ) -> tuple[Pipeline, list[Stage]] | None:
        """A pipeline of the organization (the default one for None) and its stages in board
        order, in one query; None when there is no such pipeline."""
        stmt = (
            select(Pipeline, Stage)
            .outerjoin(
                Stage, and_(Stage.pipeline_id == Pipeline.id, Stage.org_id == Pipeline.org_id)
            )
            .where(Pipeline.org_id == self.org_id)
        )
        if pipeline_id is None:
            first = self.base().where(Pipeline.is_default.is_(True)).order_by(*_PIPELINE_ORDER)
            stmt = stmt.where(
                Pipeline.id == first.with_only_columns(Pipeline.id).limit(1).scalar_subquery()
            )
        else:
            stmt = stmt.where(Pipeline.id == pipeline_id)
        rows = (await self.session.execute(stmt.order_by(*_STAGE_ORDER))).all()
        if not rows:
            return None
        return rows[0][0], [stage for _, stage in rows if stage is not None]

    async def first_open_stage(self, pipeline_id: uuid.UUID) -> Stage | None:
        """The first stage of kind ``open`` of the pipeline in board order, where a new deal
        starts; None when the pipeline (of this organization) has no open stage."""
        stage: Stage | None = await self.session.scalar(
            self._stages()
            .where(Stage.pipeline_id == pipeline_id, Stage.kind == StageKind.open.value)
            .order_by(*_STAGE_ORDER)
            .limit(1)
        )
        return stage

    # Pipelines
    async def page(self, params: PageParams) -> tuple[list[Pipeline], PageMeta]:
        return await paginate(self.session, self.base().order_by(*_PIPELINE_ORDER), params)

    async def stages_by_pipeline(
        self, pipeline_ids: Iterable[uuid.UUID]
    ) -> dict[uuid.UUID, list[Stage]]:
        """The stages of several pipelines in one query, each list in board order."""
        ids = set(pipeline_ids)
        found: dict[uuid.UUID, list[Stage]] = {pipeline_id: [] for pipeline_id in ids}
        if not ids:
            return found
        rows = await self.session.scalars(
            self._stages().where(Stage.pipeline_id.in_(ids)).order_by(*_STAGE_ORDER)
        )
        for stage in rows:
            found[stage.pipeline_id].append(stage)
        return found

    async def name_taken(self, name: str, *, other_than: uuid.UUID | None = None) -> bool:
        """Whether another pipeline of the organization has this name (ignoring case)."""
        stmt = self.base().where(func.lower(Pipeline.name) == name.lower())
        if other_than is not None:
            stmt = stmt.where(Pipeline.id != other_than)
        return await self.session.scalar(stmt.limit(1)) is not None

    async def next_position(self) -> int:
        last = await self.session.scalar(
            select(func.max(Pipeline.position)).where(Pipeline.org_id == self.org_id)
        )
        return 0 if last is None else last + 1

    async def other_defaults(self, pipeline_id: uuid.UUID) -> list[Pipeline]:
        """The pipelines other than this one still marked default (at most one, normally)."""
        rows = await self.session.scalars(
            self.base().where(Pipeline.is_default.is_(True), Pipeline.id != pipeline_id)
        )
        return list(rows)

    async def org_currency(self) -> str:
        currency = await self.session.scalar(
            select(Organization.default_currency).where(Organization.id == self.org_id)
        )
        return currency or "EUR"

    async def deal_count(
        self, *, pipeline_id: uuid.UUID | None = None, stage_id: uuid.UUID | None = None
    ) -> tuple[int, int]:
        """(all deals, of which deleted) of a pipeline or stage: deleted deals in the trash
        still hold their stage (the foreign keys restrict deletion)."""
        stmt = select(func.count(), func.count(Deal.deleted_at)).where(Deal.org_id == self.org_id)
        if pipeline_id is not None:
            stmt = stmt.where(Deal.pipeline_id == pipeline_id)
        if stage_id is not None:
            stmt = stmt.where(Deal.stage_id == stage_id)
        total, deleted = (await self.session.execute(stmt)).one()
        return int(total), int(deleted)

    async def delete(self, pipeline: Pipeline) -> None:
        """Delete a pipeline and its stages (the caller has made sure no deal uses them)."""
        # Stages first and explicitly: the foreign key's cascade is not relied upon.
        await self.session.execute(
            delete(Stage).where(Stage.org_id == self.org_id, Stage.pipeline_id == pipeline.id)
        )
        # Through the ORM so the version is checked: a stale pipeline is a 412, not a no-op.
        await self.session.delete(pipeline)
        await self.session.flush()

    # Stages
    async def stage_name_taken(
        self, pipeline_id: uuid.UUID, name: str, *, other_than: uuid.UUID | None = None
    ) -> bool:
        """Whether another stage of the pipeline has this name (ignoring case)."""
        stmt = self._stages().where(
            Stage.pipeline_id == pipeline_id, func.lower(Stage.name) == name.lower()
        )
        if other_than is not None:
            stmt = stmt.where(Stage.id != other_than)
        return await self.session.scalar(stmt.limit(1)) is not None

    async def add_stages(self, stages: Iterable[Stage]) -> None:
        self.session.add_all(list(stages))
        await self.session.flush()

    async def delete_stage(self, stage: Stage) -> None:
        await self.session.delete(stage)
        await self.session.flush()

    async def set_deal_status(self, stage_id: uuid.UUID, kind: str) -> int:
        """Give every deal of the stage (the trash included) the status of the stage's new
        kind: closed now when it becomes won or lost, reopened when it becomes open. Their
        versions move, as their status changed. How many deals changed."""
        now = literal(utcnow(), UTCDateTime())
        closed_at = None if kind == "open" else func.coalesce(Deal.closed_at, now)
        result: Any = await self.session.execute(
            update(Deal)
            .where(Deal.org_id == self.org_id, Deal.stage_id == stage_id, Deal.status != kind)
            .values(
                status=kind,
                closed_at=closed_at,
                version=Deal.version + 1,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)

    def _stages(self) -> Select[Any]:
        return select(Stage).where(Stage.org_id == self.org_id)


_STAGE_ORDER = (Stage.position, Stage.created_at, Stage.id)
_PIPELINE_ORDER = (Pipeline.position, Pipeline.created_at, Pipeline.id)

"""Pipelines and their stages: the columns of the deals board."""

from __future__ import annotations

import uuid

from fastapi import Depends, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.kit.envelope import Envelope, PageEnvelope
from heron.kit.pagination import PageParams, page_params
from heron.kit.routing import domain_router, get_session
from heron.kit.versioning import if_match, set_etag
from heron.models.pipeline import Pipeline, Stage
from heron.pipelines.auth import PipelineCreator, PipelineEdit, PipelineRead, PipelineRemove
from heron.pipelines.schemas import (
    PipelineCreate,
    PipelineOut,
    PipelineUpdate,
    StageCreate,
    StageOrder,
    StageOut,
    StageUpdate,
)
from heron.pipelines.service import PipelineService, stage_out

router = domain_router("/pipelines", "pipelines")


async def _pipeline(
    service: PipelineService, pipeline: Pipeline, response: Response
) -> Envelope[PipelineOut]:
    set_etag(response, pipeline.version)
    return Envelope[PipelineOut](data=await service.detail(pipeline))


def _stage(stage: Stage, response: Response) -> Envelope[StageOut]:
    set_etag(response, stage.version)
    return Envelope[StageOut](data=stage_out(stage))


@router.get("", response_model=PageEnvelope[PipelineOut])
async def list_pipelines(
    access: Access = Depends(PipelineRead),
    session: AsyncSession = Depends(get_session),
    page: PageParams = Depends(page_params),
) -> PageEnvelope[PipelineOut]:
    """The organization's pipelines in order, each with its stages in board order. Exactly one
    has `is_default` true: where new deals go when no pipeline is named."""
    rows, meta = await PipelineService(session, access).page(page)
    return PageEnvelope[PipelineOut](data=rows, meta=meta)


@router.post("", response_model=Envelope[PipelineOut], status_code=status.HTTP_201_CREATED)
async def create_pipeline(
    body: PipelineCreate,
    response: Response,
    access: Access = Depends(PipelineCreator),
    session: AsyncSession = Depends(get_session),
) -> Envelope[PipelineOut]:
    """Create a pipeline (Owners and Admins) with the stages given, or the six standard ones
    (Prospect to Closed Won and Closed Lost). Names are unique in an organization, ignoring
    case (409). With `is_default` true it becomes the default and the previous default stops
    being it."""
    service = PipelineService(session, access)
    return await _pipeline(service, await service.create(body), response)


@router.get("/{pipeline_id}", response_model=Envelope[PipelineOut])
async def get_pipeline(
    pipeline_id: uuid.UUID,
    response: Response,
    access: Access = Depends(PipelineRead),
    session: AsyncSession = Depends(get_session),
) -> Envelope[PipelineOut]:
    """One pipeline with its stages. The `ETag` is the pipeline's version for `If-Match`."""
    service = PipelineService(session, access)
    return await _pipeline(service, await service.get(pipeline_id), response)


@router.patch("/{pipeline_id}", response_model=Envelope[PipelineOut])
async def update_pipeline(
    pipeline_id: uuid.UUID,
    body: PipelineUpdate,
    request: Request,
    response: Response,
    access: Access = Depends(PipelineEdit),
    session: AsyncSession = Depends(get_session),
) -> Envelope[PipelineOut]:
    """Rename a pipeline, change its currency, or make it the default (`If-Match` required).
    The default cannot be set to false: make another pipeline the default instead."""
    service = PipelineService(session, access)
    pipeline = await service.update(pipeline_id, body, if_match(request))
    return await _pipeline(service, pipeline, response)


@router.delete("/{pipeline_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_pipeline(
    pipeline_id: uuid.UUID,
    request: Request,
    access: Access = Depends(PipelineRemove),
    session: AsyncSession = Depends(get_session),
) -> Response:
    """Delete a pipeline and its stages (`If-Match` required). Refused with 409 for the default
    pipeline and while any deal, even one in the trash, is in it."""
    await PipelineService(session, access).delete(pipeline_id, if_match(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{pipeline_id}/stages", response_model=Envelope[StageOut], status_code=status.HTTP_201_CREATED
)
async def create_stage(
    pipeline_id: uuid.UUID,
    body: StageCreate,
    response: Response,
    access: Access = Depends(PipelineEdit),
    session: AsyncSession = Depends(get_session),
) -> Envelope[StageOut]:
    """Add a stage to a pipeline: last, or at `position` (0 is first) with the later stages
    moving one place. Stage names are unique in a pipeline, ignoring case (409)."""
    stage = await PipelineService(session, access).add_stage(pipeline_id, body)
    return _stage(stage, response)


@router.put("/{pipeline_id}/stages/order", response_model=Envelope[PipelineOut])
async def reorder_stages(
    pipeline_id: uuid.UUID,
    body: StageOrder,
    response: Response,
    access: Access = Depends(PipelineEdit),
    session: AsyncSession = Depends(get_session),
) -> Envelope[PipelineOut]:
    """Put a pipeline's stages in a new order. `stage_ids` must list every stage of the
    pipeline exactly once (422 otherwise), so an order made before someone added or removed a
    stage is refused; otherwise the last order sent wins (no `If-Match`)."""
    service = PipelineService(session, access)
    return await _pipeline(service, await service.reorder(pipeline_id, body), response)


@router.get("/{pipeline_id}/stages/{stage_id}", response_model=Envelope[StageOut])
async def get_stage(
    pipeline_id: uuid.UUID,
    stage_id: uuid.UUID,
    response: Response,
    access: Access = Depends(PipelineRead),
    session: AsyncSession = Depends(get_session),
) -> Envelope[StageOut]:
    """One stage of a pipeline. The `ETag` is the stage's version for `If-Match`."""
    stage = await PipelineService(session, access).get_stage(pipeline_id, stage_id)
    return _stage(stage, response)


@router.patch("/{pipeline_id}/stages/{stage_id}", response_model=Envelope[StageOut])
async def update_stage(
    pipeline_id: uuid.UUID,
    stage_id: uuid.UUID,
    body: StageUpdate,
    request: Request,
    response: Response,
    access: Access = Depends(PipelineEdit),
    session: AsyncSession = Depends(get_session),
) -> Envelope[StageOut]:
    """Rename a stage or change its probability, kind (`open`, `won`, `lost`) or the days
    after which its deals are flagged as stale (`If-Match` with the stage's version)."""
    service = PipelineService(session, access)
    stage = await service.update_stage(pipeline_id, stage_id, body, if_match(request))
    return _stage(stage, response)


@router.delete("/{pipeline_id}/stages/{stage_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_stage(
    pipeline_id: uuid.UUID,
    stage_id: uuid.UUID,
    request: Request,
    access: Access = Depends(PipelineRemove),
    session: AsyncSession = Depends(get_session),
) -> Response:
    """Delete a stage (`If-Match` with the stage's version). Refused with 409 while deals are
    in it (move them to another stage first) and for a pipeline's last stage."""
    await PipelineService(session, access).delete_stage(pipeline_id, stage_id, if_match(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)

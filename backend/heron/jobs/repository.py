"""Every query of jobs, inside the caller's organization and what their scope lets them see."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, false, true, update
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from heron.kit.envelope import CursorMeta
from heron.kit.filtering import FilterField, choice_field, ordered_field, parse_filters, text_field
from heron.kit.pagination import CursorParams, keyset_paginate
from heron.kit.repository import OrgScopedRepository
from heron.kit.sorting import parse_sort
from heron.kit.subject import Subject
from heron.models.job import FINISHED_STATES, Job, JobState
from heron.roles.matrix import Scope

FILTERS: dict[str, FilterField] = {
    "kind": text_field(Job.kind),
    "state": choice_field(Job.state, [s.value for s in JobState]),
    "created_by_id": FilterField(Job.created_by_id, "uuid"),
    "created_at": ordered_field(Job.created_at, "datetime"),
    "finished_at": ordered_field(Job.finished_at, "datetime"),
}
SORTS = {"created_at": Job.created_at, "finished_at": Job.finished_at}


def visibility(subject: Subject, scope: Scope) -> ColumnElement[bool]:
    """The jobs ``scope`` lets ``subject`` see: all, or those its person started (an API key's
    are its creator's)."""
    if scope is Scope.all:
        return true()
    person = subject.person_id
    if person is None or scope is Scope.none:
        return false()
    return Job.created_by_id == person


class JobRepository(OrgScopedRepository[Job]):
    model = Job

    def __init__(self, session: AsyncSession, subject: Subject, scope: Scope) -> None:
        super().__init__(session, subject)
        self.scope = scope

    def base(self) -> Select[Any]:
        return super().base().where(visibility(self.subject, self.scope))

    async def page(
        self, query: QueryParams, sort: str | None, params: CursorParams
    ) -> tuple[list[Job], CursorMeta]:
        stmt = self.base()
        where = parse_filters(query, FILTERS)
        if where is not None:
            stmt = stmt.where(where)
        keys = parse_sort(sort, SORTS, "-created_at", Job.id)
        return await keyset_paginate(self.session, stmt, keys, params)

    async def get_visible(self, job_id: uuid.UUID) -> Job | None:
        return await self.get(job_id)

    async def cancel(self, job: Job, error: dict[str, Any], now: datetime) -> bool:
        """queued/running -> cancelled; False when it finished in the meantime."""
        result: Any = await self.session.execute(
            update(Job)
            .where(
                Job.org_id == self.org_id,
                Job.id == job.id,
                Job.state.in_([JobState.queued.value, JobState.running.value]),
            )
            .values(state=JobState.cancelled.value, finished_at=now, error=error)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount == 1)


async def purge_finished(
    session: AsyncSession, before: datetime
) -> tuple[int, list[tuple[uuid.UUID, str]]]:
    """Delete every organization's jobs that finished before ``before`` (the caller bypasses
    tenancy). Answers how many, and the files their results name as (organization, file name),
    for the caller to remove once the deletion has committed."""
    rows = list(
        await session.execute(
            delete(Job)
            .where(Job.state.in_([s.value for s in FINISHED_STATES]), Job.finished_at < before)
            .returning(Job.org_id, Job.result)
            .execution_options(synchronize_session=False)
        )
    )
    files = [
        (org_id, result["file"])
        for org_id, result in rows
        if isinstance(result, dict) and isinstance(result.get("file"), str)
    ]
    return len(rows), files

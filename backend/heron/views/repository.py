"""Every query of saved views: the caller's own and the organization's shared ones."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, or_

from heron.kit.repository import OrgScopedRepository
from heron.models import SavedView


class ViewRepository(OrgScopedRepository[SavedView]):
    model = SavedView

    def base(self) -> Select[Any]:
        # Someone else's private view does not exist for the caller, whatever their role.
        return (
            super()
            .base()
            .where(or_(SavedView.shared.is_(True), SavedView.owner_id == self.subject.person_id))
        )

    async def of_kind(self, kind: str | None) -> list[SavedView]:
        stmt = self.base()
        if kind is not None:
            stmt = stmt.where(SavedView.record_kind == kind)
        stmt = stmt.order_by(SavedView.record_kind, SavedView.name, SavedView.id)
        return list(await self.session.scalars(stmt))

    async def delete(self, view: SavedView) -> None:
        await self.session.delete(view)
        await self.session.flush()

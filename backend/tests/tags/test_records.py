"""heron.tags.records: what record domains call to show, set, bulk-change, filter and merge tags."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from heron.kit.errors import ValidationFailed
from heron.kit.filtering import parse_filters
from heron.models import Company, Tagging
from heron.tags import records
from tests.helpers.factories import create_org
from tests.helpers.fields import create_company, create_tag, tag_record
from tests.helpers.orgs import count

pytestmark = pytest.mark.anyio


async def tag_ids_of(session: AsyncSession, record_id: uuid.UUID) -> set[uuid.UUID]:
    rows = await session.scalars(select(Tagging.tag_id).where(Tagging.record_id == record_id))
    return set(rows)


class TestTagsByRecord:
    async def test_each_record_gets_its_tags_by_name_and_untagged_ones_an_empty_list(
        self, session: AsyncSession
    ) -> None:
        org = await create_org(session)
        b, a = (
            await create_tag(session, org, name="beta"),
            await create_tag(session, org, name="Alpha"),
        )

        first = await create_company(session, org)
        second = await create_company(session, org)
        untagged = await create_company(session, org)

        for tag in (b, a):
            await tag_record(session, tag, first.id)
        await tag_record(session, b, second.id)
        await tag_record(session, a, second.id, kind="contact")  # another kind, same id

        found = await records.tags_by_record(
            session, org.id, "company", [first.id, second.id, untagged.id]
        )

        assert {k: [t.name for t in v] for k, v in found.items()} == {
            first.id: ["Alpha", "beta"],
            second.id: ["beta"],
            untagged.id: [],
        }


class TestSetTags:
    async def test_replaces_the_records_tags(self, session: AsyncSession) -> None:
        org = await create_org(session)

        t_old = await create_tag(session, org, name="old")
        t_kept = await create_tag(session, org, name="kept")
        t_new = await create_tag(session, org, name="New")
        company = await create_company(session, org)
        await tag_record(session, t_old, company.id)
        await tag_record(session, t_kept, company.id)

        result = await records.set_tags(
            session, org.id, "company", company.id, [t_new.id, t_kept.id, t_new.id]
        )

        assert [t.name for t in result] == ["kept", "New"]
        assert await tag_ids_of(session, company.id) == {t_kept.id, t_new.id}

    async def test_unknown_and_foreign_tags_are_422_at_their_index_and_change_nothing(
        self, session: AsyncSession
    ) -> None:
        org = await create_org(session)
        mine = await create_tag(session, org)
        foreign = await create_tag(session, await create_org(session))
        company = await create_company(session, org)
        await tag_record(session, mine, company.id)

        with pytest.raises(ValidationFailed) as caught:
            await records.set_tags(
                session, org.id, "company", company.id, [mine.id, foreign.id, uuid.uuid4()]
            )

        assert [d["loc"] for d in caught.value.details] == [
            ["body", "tag_ids", 1],
            ["body", "tag_ids", 2],
        ]
        assert await tag_ids_of(session, company.id) == {mine.id}

    async def test_an_empty_list_removes_every_tag(self, session: AsyncSession) -> None:
        org = await create_org(session)
        company = await create_company(session, org)
        await tag_record(session, await create_tag(session, org), company.id)

        assert await records.set_tags(session, org.id, "company", company.id, []) == []
        assert await tag_ids_of(session, company.id) == set()


class TestBulkTags:
    async def test_add_tags_puts_them_on_every_record_once(self, session: AsyncSession) -> None:
        org = await create_org(session)
        vip, gold = await create_tag(session, org), await create_tag(session, org)
        first, second = await create_company(session, org), await create_company(session, org)
        await tag_record(session, vip, first.id)

        added = await records.add_tags(
            session, org.id, "company", [first.id, second.id], [vip.id, gold.id]
        )

        assert added == 3
        assert await tag_ids_of(session, first.id) == {vip.id, gold.id}
        assert await tag_ids_of(session, second.id) == {vip.id, gold.id}

    async def test_remove_tags_takes_only_those_off(self, session: AsyncSession) -> None:
        org = await create_org(session)
        vip, gold = await create_tag(session, org), await create_tag(session, org)
        first, second = await create_company(session, org), await create_company(session, org)
        for record in (first, second):
            await tag_record(session, vip, record.id)
            await tag_record(session, gold, record.id)

        removed = await records.remove_tags(
            session, org.id, "company", [first.id, second.id], [vip.id]
        )

        assert removed == 2
        assert await tag_ids_of(session, first.id) == {gold.id}

    async def test_a_foreign_tag_in_a_bulk_action_is_422(self, session: AsyncSession) -> None:
        org = await create_org(session)
        foreign = await create_tag(session, await create_org(session))
        company = await create_company(session, org)

        with pytest.raises(ValidationFailed):
            await records.add_tags(session, org.id, "company", [company.id], [foreign.id])
        assert await count(session, Tagging) == 0


class TestMoveTaggings:
    async def test_a_merge_moves_tags_without_duplicates(self, session: AsyncSession) -> None:
        org = await create_org(session)
        shared, only_source = await create_tag(session, org), await create_tag(session, org)
        source, target = await create_company(session, org), await create_company(session, org)
        await tag_record(session, shared, source.id)
        await tag_record(session, only_source, source.id)
        await tag_record(session, shared, target.id)

        await records.move_taggings(session, org.id, "company", source.id, target.id)

        assert await tag_ids_of(session, target.id) == {shared.id, only_source.id}
        assert await tag_ids_of(session, source.id) == set()
        assert await count(session, Tagging) == 2


class TestTagFilters:
    async def _companies(self, session: AsyncSession, where: object) -> set[str]:
        rows = await session.scalars(select(Company.name).where(where))  # type: ignore[arg-type]
        return set(rows)

    async def test_any_all_and_the_filter_operators(self, session: AsyncSession) -> None:
        org = await create_org(session)
        vip, gold = await create_tag(session, org), await create_tag(session, org)
        both = await create_company(session, org, name="both")
        only_vip = await create_company(session, org, name="vip")
        await create_company(session, org, name="none")
        for tag in (vip, gold):
            await tag_record(session, tag, both.id)
        await tag_record(session, vip, only_vip.id)
        await tag_record(session, gold, only_vip.id, kind="contact")  # another kind: ignored
        allowed = {"tag": records.tag_filter(Company, "company")}

        def where(query: str) -> object:
            return parse_filters(QueryParams(query), allowed)

        assert await self._companies(
            session, records.tagged_clause(Company, "company", [vip.id, gold.id], any_=True)
        ) == {"both", "vip"}
        assert await self._companies(
            session, records.tagged_clause(Company, "company", [vip.id, gold.id], any_=False)
        ) == {"both"}
        assert await self._companies(session, where(f"filter[tag][eq]={gold.id}")) == {"both"}
        assert await self._companies(session, where(f"filter[tag][in]={gold.id},{vip.id}")) == {
            "both",
            "vip",
        }
        assert await self._companies(session, where(f"filter[tag][ne]={gold.id}")) == {
            "vip",
            "none",
        }
        assert await self._companies(session, where("filter[tag][isnull]=true")) == {"none"}

    async def test_a_tag_of_another_organization_matches_nothing(
        self, session: AsyncSession
    ) -> None:
        org, other = await create_org(session), await create_org(session)
        foreign = await create_tag(session, other)
        company = await create_company(session, org)
        # A tagging that should never exist (a foreign tag on this org's record) is ignored too.
        session.add(
            Tagging(org_id=other.id, tag_id=foreign.id, record_kind="company", record_id=company.id)
        )
        await session.flush()

        clause = records.tagged_clause(Company, "company", [foreign.id], any_=True)

        assert await self._companies(session, clause) == set()

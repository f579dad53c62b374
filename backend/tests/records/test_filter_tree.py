from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.companies.repository import FILTERS
from heron.kit.errors import ValidationFailed
from heron.kit.filtering import MAX_TREE_DEPTH, parse_filter_tree
from heron.models import Company
from tests.helpers.factories import create_org

pytestmark = pytest.mark.anyio


def cond(field: str, op: str, value: object) -> dict[str, object]:
    return {"field": field, "op": op, "value": value}


class TestFilterTree:
    async def test_nested_groups_select_the_right_rows(self, session: AsyncSession) -> None:
        org = await create_org(session)
        session.add_all(
            [
                Company(org_id=org.id, name="Big mine", industry="Mining", employee_count=900),
                Company(org_id=org.id, name="Small mine", industry="Mining", employee_count=5),
                Company(org_id=org.id, name="Shop", industry="Retail", employee_count=2000),
                Company(org_id=org.id, name="Bank", industry="Finance", employee_count=50),
            ]
        )
        await session.flush()
        tree = {
            "op": "or",
            "conditions": [
                {"op": "and", "conditions": [cond("industry", "eq", "Mining"),
                                             cond("employee_count", "gte", 100)]},
                cond("industry", "in", ["Retail", "Other"]),
            ],
        }  # fmt: skip

        where = parse_filter_tree(tree, FILTERS, ("body", "filters"))
        names = await session.scalars(
            select(Company.name).where(Company.org_id == org.id, where).order_by(Company.name)
        )

        assert list(names) == ["Big mine", "Shop"]

    @pytest.mark.parametrize(
        ("tree", "loc"),
        [
            ({"op": "nand", "conditions": []}, ["body", "filters"]),
            ({"op": "and", "conditions": [cond("password", "eq", "x")]},
             ["body", "filters", "conditions", 0]),
            ({"op": "and", "conditions": [cond("name", "gt", "x")]},
             ["body", "filters", "conditions", 0]),
            ({"op": "and", "conditions": [cond("employee_count", "eq", "ten")]},
             ["body", "filters", "conditions", 0, "employee_count"]),
            ({"op": "and", "conditions": [cond("name", "eq", None)]},
             ["body", "filters", "conditions", 0, "value"]),
        ],
    )  # fmt: skip
    def test_bad_trees_name_the_problem(self, tree: dict[str, object], loc: list[object]) -> None:
        with pytest.raises(ValidationFailed) as refused:
            parse_filter_tree(tree, FILTERS, ("body", "filters"))

        assert refused.value.details[0]["loc"] == loc

    def test_depth_is_bounded(self) -> None:
        tree: dict[str, object] = {"op": "and", "conditions": []}
        for _ in range(MAX_TREE_DEPTH):
            tree = {"op": "and", "conditions": [tree]}

        with pytest.raises(ValidationFailed, match="nest"):
            parse_filter_tree(tree, FILTERS, ("body", "filters"))

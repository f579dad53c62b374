from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models.pipeline import Pipeline, Stage
from tests.helpers.factories import create_member, create_org
from tests.helpers.orgs import count, events_of, if_match, reload
from tests.helpers.pipelines import (
    PIPELINES,
    STANDARD_STAGES,
    create_pipeline,
    pipeline_url,
    pipelines_of,
    stage_summary,
)

pytestmark = pytest.mark.anyio


class TestListPipelines:
    async def test_everyone_reads_the_pipelines_in_order_with_their_stages(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        viewer = await create_member(session, settings, org, "viewer")
        await create_pipeline(session, org, name="First", position=0, is_default=True)
        _, stages = await create_pipeline(session, org, name="Second", position=1)
        stages[0].position, stages[2].position = 2, 0
        await session.flush()

        response = await client.get(PIPELINES, headers=viewer.headers)

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert [p["name"] for p in data] == ["First", "Second"]
        assert [s["name"] for s in data[1]["stages"]] == ["Lost", "Won", "Open"]
        assert response.json()["meta"]["total"] == 2


class TestCreatePipeline:
    async def test_admin_creates_a_pipeline_with_the_standard_stages(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session, default_currency="CHF")
        admin = await create_member(session, settings, org, "admin")
        default, _ = await create_pipeline(session, org, is_default=True, position=0)

        response = await client.post(PIPELINES, json={"name": "Renewals"}, headers=admin.headers)

        assert response.status_code == 201, response.text
        assert response.headers["etag"] == '"1"'
        data = response.json()["data"]
        assert (data["name"], data["currency"], data["is_default"], data["position"]) == (
            "Renewals",
            "CHF",
            False,
            1,
        )
        assert stage_summary(data) == STANDARD_STAGES
        assert (await reload(session, Pipeline, Pipeline.id == default.id)).is_default
        [event] = await events_of(session, org, "pipeline.created")
        assert event.entity == "pipeline" and str(event.entity_id) == data["id"]

    async def test_given_stages_are_kept_in_order(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        body = {
            "name": "Partners",
            "currency": "JPY",
            "stages": [
                {"name": "Intro", "probability": 5, "rotting_days": 14},
                {"name": "Signed", "probability": 100, "kind": "won"},
                {"name": "Dropped", "kind": "lost"},
            ],
        }

        response = await client.post(PIPELINES, json=body, headers=owner.headers)

        assert response.status_code == 201, response.text
        stages = response.json()["data"]["stages"]
        assert [(s["name"], s["position"], s["rotting_days"]) for s in stages] == [
            ("Intro", 0, 14),
            ("Signed", 1, None),
            ("Dropped", 2, None),
        ]

    async def test_the_first_pipeline_of_an_organization_becomes_its_default(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)

        response = await client.post(PIPELINES, json={"name": "Only"}, headers=owner.headers)

        assert response.status_code == 201, response.text
        assert response.json()["data"]["is_default"] is True

    async def test_a_new_default_undefaults_the_previous_one(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        old, _ = await create_pipeline(session, org, is_default=True)

        response = await client.post(
            PIPELINES, json={"name": "New", "is_default": True}, headers=owner.headers
        )

        assert response.status_code == 201, response.text
        assert [p.is_default for p in await pipelines_of(session, org)] == [False, True]
        [event] = await events_of(session, org, "pipeline.updated")
        assert event.entity_id == old.id
        assert event.changes == {"is_default": {"before": True, "after": False}}

    @pytest.mark.parametrize(
        ("body", "loc"),
        [
            ({"name": "X", "currency": "EURO"}, ["body", "currency"]),
            ({"name": "X", "currency": "ABC"}, ["body", "currency"]),
            ({"name": "X", "stages": []}, ["body", "stages"]),
            ({"name": "X", "stages": [{"name": "A", "probability": 101}]}, None),
            ({"name": "X", "stages": [{"name": "A", "rotting_days": 0}]}, None),
            ({"name": "X", "stages": [{"name": "A", "kind": "maybe"}]}, None),
            ({"name": "X", "stages": [{"name": "A"}, {"name": "a"}]}, None),
            ({"name": "X", "is_default": None}, None),
        ],
    )
    async def test_bad_input_is_422_and_writes_nothing(
        self,
        body: dict[str, object],
        loc: list[str] | None,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)

        response = await client.post(PIPELINES, json=body, headers=owner.headers)

        assert response.status_code == 422, response.text
        if loc is not None:
            assert response.json()["error"]["details"][0]["loc"][:2] == loc
        assert await count(session, Pipeline) == 0
        assert await count(session, Stage) == 0

    async def test_a_name_already_used_is_a_conflict_ignoring_case(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await create_pipeline(session, org, name="Renewals")
        await create_pipeline(session, await create_org(session), name="Elsewhere")

        taken = await client.post(PIPELINES, json={"name": "RENEWALS"}, headers=owner.headers)
        free = await client.post(PIPELINES, json={"name": "Elsewhere"}, headers=owner.headers)

        assert taken.status_code == 409
        assert "Renewals".upper() in taken.json()["error"]["message"]
        assert free.status_code == 201
        assert len(await pipelines_of(session, org)) == 2

    async def test_sales_is_refused_and_nothing_is_written(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")

        response = await client.post(PIPELINES, json={"name": "Mine"}, headers=sales.headers)

        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
        assert await count(session, Pipeline) == 0


class TestGetPipeline:
    async def test_answers_with_its_stages_and_version(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")
        pipeline, stages = await create_pipeline(session, org)

        response = await client.get(pipeline_url(pipeline.id), headers=sales.headers)

        assert response.status_code == 200, response.text
        assert response.headers["etag"] == '"1"'
        data = response.json()["data"]
        assert [s["id"] for s in data["stages"]] == [str(s.id) for s in stages]
        assert data["version"] == 1

    async def test_another_organizations_pipeline_is_not_found(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session))
        theirs, _ = await create_pipeline(session, await create_org(session), name="Secret")

        got = await client.get(pipeline_url(theirs.id), headers=owner.headers)
        listed = await client.get(PIPELINES, headers=owner.headers)
        changed = await client.patch(
            pipeline_url(theirs.id), json={"name": "Mine"}, headers=owner.headers | if_match(1)
        )
        deleted = await client.delete(pipeline_url(theirs.id), headers=owner.headers | if_match(1))

        assert (got.status_code, changed.status_code, deleted.status_code) == (404, 404, 404)
        assert "Secret" not in listed.text and str(theirs.id) not in listed.text
        stored = await reload(session, Pipeline, Pipeline.id == theirs.id)
        assert (stored.name, stored.version) == ("Secret", 1)


class TestUpdatePipeline:
    async def test_renames_and_changes_the_currency(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        pipeline, _ = await create_pipeline(session, org, name="Old", currency="EUR")

        response = await client.patch(
            pipeline_url(pipeline.id),
            json={"name": "New", "currency": "USD"},
            headers=admin.headers | if_match(1),
        )

        assert response.status_code == 200, response.text
        assert response.headers["etag"] == '"2"'
        assert (response.json()["data"]["name"], response.json()["data"]["currency"]) == (
            "New",
            "USD",
        )
        [event] = await events_of(session, org, "pipeline.updated")
        assert event.changes == {
            "name": {"before": "Old", "after": "New"},
            "currency": {"before": "EUR", "after": "USD"},
        }

    async def test_making_one_default_undefaults_the_other(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        old, _ = await create_pipeline(session, org, is_default=True, position=0)
        new, _ = await create_pipeline(session, org, position=1)

        response = await client.patch(
            pipeline_url(new.id), json={"is_default": True}, headers=owner.headers | if_match(1)
        )

        assert response.status_code == 200, response.text
        assert [(p.id, p.is_default) for p in await pipelines_of(session, org)] == [
            (old.id, False),
            (new.id, True),
        ]
        assert {e.entity_id for e in await events_of(session, org, "pipeline.updated")} == {
            old.id,
            new.id,
        }

    async def test_the_default_cannot_be_set_to_false(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        pipeline, _ = await create_pipeline(session, org, is_default=True)

        response = await client.patch(
            pipeline_url(pipeline.id),
            json={"is_default": False},
            headers=owner.headers | if_match(1),
        )

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["body", "is_default"]
        assert (await reload(session, Pipeline, Pipeline.id == pipeline.id)).is_default

    async def test_a_name_of_another_pipeline_is_a_conflict(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await create_pipeline(session, org, name="Taken")
        pipeline, _ = await create_pipeline(session, org, name="Mine")

        response = await client.patch(
            pipeline_url(pipeline.id), json={"name": "taken"}, headers=owner.headers | if_match(1)
        )

        assert response.status_code == 409
        assert (await reload(session, Pipeline, Pipeline.id == pipeline.id)).name == "Mine"

    async def test_without_if_match_is_428_and_stale_is_412(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        pipeline, _ = await create_pipeline(session, org, name="Mine")
        url = pipeline_url(pipeline.id)

        missing = await client.patch(url, json={"name": "X"}, headers=owner.headers)
        stale = await client.patch(url, json={"name": "X"}, headers=owner.headers | if_match(7))

        assert missing.status_code == 428
        assert stale.status_code == 412
        assert stale.json()["error"]["details"][0]["current"]["name"] == "Mine"
        stored = await reload(session, Pipeline, Pipeline.id == pipeline.id)
        assert (stored.name, stored.version) == ("Mine", 1)

    async def test_sales_is_refused_and_nothing_is_written(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")
        pipeline, _ = await create_pipeline(session, org, name="Mine")

        response = await client.patch(
            pipeline_url(pipeline.id), json={"name": "X"}, headers=sales.headers | if_match(1)
        )

        assert response.status_code == 403
        assert (await reload(session, Pipeline, Pipeline.id == pipeline.id)).name == "Mine"
        assert await events_of(session, org, "pipeline.updated") == []

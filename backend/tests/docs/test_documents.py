"""README.md and docs/architecture.md: the quick start comes first, and the tables generated from
the code (settings, role matrix) match it."""

from __future__ import annotations

import pytest

from heron.config import Settings
from heron.ops import doc_tables
from heron.roles.matrix import MATRIX

QUICK_START = "# Heron\n\n## Quick start\n\n```sh\nmake run\nmake test\n```\n"
REGENERATE = "run `cd backend && uv run python -m heron.ops.doc_tables`"


class TestReadme:
    def test_opens_with_the_quick_start_commands(self) -> None:
        assert doc_tables.README.read_text().startswith(QUICK_START)

    def test_every_setting_has_a_meaning(self) -> None:
        assert set(doc_tables.MEANINGS) == set(Settings.model_fields), (
            "describe each setting in heron/ops/doc_tables.py MEANINGS (and drop removed ones)"
        )

    def test_every_variable_is_in_the_configuration_table(self) -> None:
        readme = doc_tables.README.read_text()

        for name in Settings.model_fields:
            assert f"| `HERON_{name.upper()}` |" in readme


class TestArchitecture:
    def test_role_matrix_lists_every_resource_and_action(self) -> None:
        document = doc_tables.ARCHITECTURE.read_text()

        for resource, actions in MATRIX.items():
            for action in actions:
                assert f"| {resource} | {action.value} |" in document


@pytest.mark.parametrize("table", sorted(doc_tables.TABLES))
def test_generated_table_is_current(table: str) -> None:
    path, _ = doc_tables.TABLES[table]
    document = path.read_text()

    assert doc_tables.with_table(document, table) == document, (
        f"the {table} table in {path.name} is stale: {REGENERATE}"
    )

"""A process killed (SIGKILL) in the middle of an import leaves nothing of it behind."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import create_async_engine

from heron.models import Company, Contact, ContactEmail, DataImport, ImportChange, Tagging
from tests.helpers.databases import migrate
from tests.helpers.ops import empty_db_url

__all__ = ["empty_db_url"]

pytestmark = pytest.mark.anyio
BACKEND = Path(__file__).resolve().parents[2]


def _csv(path: Path, rows: int) -> None:
    with path.open("w") as out:
        out.write("First Name,Last Name,Email,Company\n")
        for i in range(rows):
            out.write(f"Person{i},Last{i},p{i}@example.com,Company {i % 300}\n")


class TestKilledImport:
    async def test_sigkill_mid_import_writes_nothing(
        self, empty_db_url: str, tmp_path: Path
    ) -> None:
        await asyncio.to_thread(migrate, empty_db_url)
        path = tmp_path / "big.csv"
        _csv(path, 40_000)
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.imports.kill_target", empty_db_url, str(path)],
            cwd=BACKEND, stdout=subprocess.PIPE, text=True, env={**os.environ},
        )  # fmt: skip
        assert child.stdout is not None
        org_id, seen = None, 0
        for line in child.stdout:
            word, _, value = line.strip().partition(" ")
            if word == "ready":
                org_id = value
            elif word == "progress":
                seen = int(value)
                if seen >= 6_000:
                    child.send_signal(signal.SIGKILL)
                    break
        child.wait(timeout=60)
        assert child.returncode == -signal.SIGKILL and org_id is not None and seen >= 6_000

        engine = create_async_engine(empty_db_url)
        try:
            async with engine.connect() as conn:
                org = uuid.UUID(org_id)

                async def n(model: type) -> int:
                    stmt = select(func.count()).select_from(model).where(model.org_id == org)  # type: ignore[attr-defined]
                    return int(await conn.scalar(stmt) or 0)

                assert await n(DataImport) == 1  # the setup committed
                for model in (Contact, ContactEmail, Company, ImportChange, Tagging):
                    assert await n(model) == 0, model
                if "sqlite" in empty_db_url:
                    assert await conn.scalar(text("SELECT count(*) FROM contacts_fts")) == 0
        finally:
            await engine.dispose()

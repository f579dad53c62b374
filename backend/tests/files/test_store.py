"""The file store: keys inside an organization, streamed writes and reads, size limits; on the
local folder (the default), in memory, and on an S3-compatible server (moto, on loopback)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from obstore.store import LocalStore

from heron.config import Settings
from heron.files.store import FileStore, file_store
from heron.kit.errors import NotFound, PayloadTooLarge

pytestmark = pytest.mark.anyio

CHUNK = b"0123456789abcdef" * 4096  # 64 KiB


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """A real S3-compatible HTTP server (moto) on loopback, with a bucket ``heron``."""
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="test", aws_secret_access_key="test",
    ).create_bucket(Bucket="heron")  # fmt: skip
    yield endpoint
    server.stop()


@pytest.fixture(params=["local", "memory", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> FileStore:
    url = None
    if request.param == "memory":
        url = f"memory:///{uuid.uuid4().hex}"
    elif request.param == "s3":
        endpoint = request.getfixturevalue("s3_endpoint")
        url = (
            f"s3://heron/{uuid.uuid4().hex}?endpoint={endpoint}&region=us-east-1"
            "&allow_http=true&access_key_id=test&secret_access_key=test"
        )
    return file_store(Settings(var_dir=tmp_path / "var", storage_url=url))


async def _chunks(n: int) -> AsyncIterator[bytes]:
    for _ in range(n):
        yield CHUNK


class TestKeys:
    def test_every_key_starts_with_the_organization(self) -> None:
        org = uuid.uuid4()

        assert FileStore.key(org, "exports/a.csv") == f"{org}/exports/a.csv"

    @pytest.mark.parametrize(
        "name", ["../other/a.csv", "/etc/passwd", "a/../../b", "exports/", "", "a b.csv", "a\\b"]
    )
    def test_names_that_could_escape_are_refused(self, name: str) -> None:
        with pytest.raises(ValueError):
            FileStore.key(uuid.uuid4(), name)

    def test_new_names_are_random(self) -> None:
        first, second = FileStore.new_name("uploads", ".csv"), FileStore.new_name("uploads", ".csv")

        assert first != second
        assert first.startswith("uploads/") and first.endswith(".csv")


class TestStore:
    async def test_a_streamed_file_reads_back_whole_and_in_chunks(self, store: FileStore) -> None:
        org = uuid.uuid4()

        stored = await store.put(org, "exports/big.csv", _chunks(40))

        assert stored.size == 40 * len(CHUNK)
        assert await store.size(org, "exports/big.csv") == stored.size
        chunks = [c async for c in await store.stream(org, "exports/big.csv", chunk_bytes=65536)]
        if isinstance(store.store, LocalStore):  # memory hands back its one buffer
            assert len(chunks) > 1
        assert b"".join(chunks) == CHUNK * 40
        assert await store.read(org, "exports/big.csv") == CHUNK * 40

    async def test_another_organization_does_not_find_the_file(self, store: FileStore) -> None:
        org, other = uuid.uuid4(), uuid.uuid4()
        await store.put(org, "exports/a.csv", b"id,name\n")

        assert not await store.exists(other, "exports/a.csv")
        with pytest.raises(NotFound):
            await store.read(other, "exports/a.csv")

    async def test_too_large_a_stream_is_refused_and_nothing_is_kept(
        self, store: FileStore
    ) -> None:
        org = uuid.uuid4()

        with pytest.raises(PayloadTooLarge):
            await store.put(org, "uploads/bomb.csv", _chunks(10), max_bytes=len(CHUNK) * 3)

        assert not await store.exists(org, "uploads/bomb.csv")

    async def test_deleting_removes_it_and_is_idempotent(self, store: FileStore) -> None:
        org = uuid.uuid4()
        await store.put(org, "exports/a.csv", b"x")

        await store.delete(org, "exports/a.csv")
        await store.delete(org, "exports/a.csv")

        assert not await store.exists(org, "exports/a.csv")
        with pytest.raises(NotFound):
            await store.stream(org, "exports/a.csv")


class TestDefault:
    async def test_files_live_under_var_files_by_default(self, tmp_path: Path) -> None:
        org = uuid.uuid4()
        store = file_store(Settings(var_dir=tmp_path / "var"))

        await store.put(org, "exports/a.csv", b"hello")

        assert (
            tmp_path / "var" / "files" / str(org) / "exports" / "a.csv"
        ).read_bytes() == b"hello"

"""The file store: a local folder by default (``var/files``), S3-compatible storage in production.

``HERON_STORAGE_URL`` chooses it: unset, files live under ``<var_dir>/files``; ``s3://bucket/prefix``
(credentials from the usual ``AWS_*`` variables; options as query parameters, e.g.
``?endpoint=http://127.0.0.1:9000&region=eu-west-1&allow_http=true`` for MinIO or another
S3-compatible service); ``file:///srv/heron-files``; ``memory:///`` (one process only: tests).

Every key starts with the organization's id: callers name a file *inside* an organization
(``exports/<job id>.csv``) and the store puts the organization in front, so no code path can
read another organization's file by forgetting a prefix. Files are written and read as streams:
an export or an upload is never held whole in memory.
"""

from __future__ import annotations

import re
import secrets
import threading
import uuid
from collections.abc import AsyncIterable, AsyncIterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import obstore
from obstore.store import LocalStore, MemoryStore, ObjectStore, from_url

from heron.config import Settings
from heron.kit.errors import NotFound, PayloadTooLarge

# Names inside an organization: folders and file names of letters, digits, "-", "_" and ".".
_NAME = re.compile(
    r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}){0,7}$"
)
READ_CHUNK_BYTES = 1024 * 1024
# Options of HERON_STORAGE_URL that are HTTP client options, not the store's own.
_CLIENT_OPTIONS = {"allow_http", "allow_invalid_certificates", "timeout", "connect_timeout"}

NO_FILE = "No such file."


@dataclass(frozen=True)
class StoredFile:
    name: str  # inside the organization
    key: str  # the store's key: "<org id>/<name>"
    size: int


class FileStore:
    """Files of organizations in one object store."""

    def __init__(self, store: ObjectStore) -> None:
        self.store = store

    @staticmethod
    def key(org_id: uuid.UUID, name: str) -> str:
        """The store key of ``name`` in the organization; refuses names that could escape it."""
        if not isinstance(org_id, uuid.UUID):
            raise TypeError("org_id must be a UUID")
        if not _NAME.match(name) or any(part in {".", ".."} for part in name.split("/")):
            raise ValueError(f"not a valid file name: {name!r}")
        return f"{org_id}/{name}"

    @staticmethod
    def new_name(folder: str, suffix: str = "") -> str:
        """A fresh random name in ``folder`` (``uploads/3f9c...e1.csv``): stored files never
        carry a name a user chose."""
        return f"{folder}/{secrets.token_hex(16)}{suffix}"

    async def put(
        self,
        org_id: uuid.UUID,
        name: str,
        data: bytes | AsyncIterable[bytes],
        *,
        max_bytes: int | None = None,
    ) -> StoredFile:
        """Store ``data`` (bytes, or chunks from an async iterator, streamed) under ``name``.
        More than ``max_bytes`` is refused (413) and nothing is kept."""
        key = self.key(org_id, name)
        counter = _Counter(max_bytes)
        if isinstance(data, bytes | bytearray | memoryview):
            counter.add(len(data))
            await obstore.put_async(self.store, key, bytes(data))
        else:
            try:
                await obstore.put_async(self.store, key, counter.wrap(data))
            except BaseException:
                await self._delete_quietly(key)
                raise
        return StoredFile(name=name, key=key, size=counter.size)

    async def stream(
        self, org_id: uuid.UUID, name: str, chunk_bytes: int = READ_CHUNK_BYTES
    ) -> AsyncIterator[bytes]:
        """The file's bytes, chunk by chunk (404 ``NotFound`` when there is no such file)."""
        key = self.key(org_id, name)
        try:
            result = await obstore.get_async(self.store, key)
        except FileNotFoundError:
            raise NotFound(NO_FILE) from None
        return _chunks(result.stream(min_chunk_size=chunk_bytes))

    async def read(self, org_id: uuid.UUID, name: str) -> bytes:
        """The whole file (small files only: use ``stream`` for anything large)."""
        key = self.key(org_id, name)
        try:
            result = await obstore.get_async(self.store, key)
        except FileNotFoundError:
            raise NotFound(NO_FILE) from None
        return bytes(await result.bytes_async())

    async def size(self, org_id: uuid.UUID, name: str) -> int:
        key = self.key(org_id, name)
        try:
            meta = await obstore.head_async(self.store, key)
        except FileNotFoundError:
            raise NotFound(NO_FILE) from None
        return int(meta["size"])

    async def exists(self, org_id: uuid.UUID, name: str) -> bool:
        try:
            await self.size(org_id, name)
        except NotFound:
            return False
        return True

    async def delete(self, org_id: uuid.UUID, name: str) -> None:
        """Remove the file; removing a file that is not there is not an error."""
        await self._delete_quietly(self.key(org_id, name))

    async def _delete_quietly(self, key: str) -> None:
        with suppress(FileNotFoundError):
            await obstore.delete_async(self.store, key)


class _Counter:
    def __init__(self, max_bytes: int | None) -> None:
        self.max_bytes = max_bytes
        self.size = 0

    def add(self, n: int) -> None:
        self.size += n
        if self.max_bytes is not None and self.size > self.max_bytes:
            raise PayloadTooLarge(f"The file is larger than {self.max_bytes} bytes.")

    async def wrap(self, data: AsyncIterable[bytes]) -> AsyncIterator[bytes]:
        async for chunk in data:
            if chunk:
                self.add(len(chunk))
                yield bytes(chunk)


async def _chunks(stream: Any) -> AsyncIterator[bytes]:
    async for chunk in stream:
        yield bytes(chunk)


_stores: dict[str, FileStore] = {}
_stores_lock = threading.Lock()


def file_store(settings: Settings) -> FileStore:
    """The store ``settings`` name (one per process and URL: a memory store is shared)."""
    url = settings.storage_url or f"file://{(settings.var_dir / 'files').resolve()}"
    with _stores_lock:
        store = _stores.get(url)
        if store is None:
            store = _stores[url] = FileStore(_build(url))
        return store


def _build(url: str) -> ObjectStore:
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    if parts.scheme == "memory":
        return MemoryStore()
    if parts.scheme == "file":
        folder = Path(parts.path)
        folder.mkdir(parents=True, exist_ok=True)
        return LocalStore(prefix=folder, mkdir=True)
    client = {k: _option(v) for k, v in options.items() if k in _CLIENT_OPTIONS}
    config = {k: _option(v) for k, v in options.items() if k not in _CLIENT_OPTIONS}
    base = urlunsplit(parts._replace(query=""))
    store: ObjectStore = from_url(base, client_options=client or None, **config)  # type: ignore[arg-type]
    return store


def _option(value: str) -> Any:
    return {"true": True, "false": False}.get(value.lower(), value)

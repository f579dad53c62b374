"""Export files produced a chunk at a time: CSV bytes for a streamed response, and CSV or XLSX
written into a file (for a job's file, and for a streamed XLSX, which is a zip and can only be
sent once complete)."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterable, AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from heron.db import Database
from heron.exports.repository import ExportQuery, stream_rows
from heron.exports.schemas import ExportFormat
from heron.exports.writers import CsvWriter, XlsxWriter

READ_CHUNK = 256 * 1024

MEDIA_TYPES = {
    ExportFormat.csv: CsvWriter.media_type,
    ExportFormat.xlsx: XlsxWriter.media_type,
}


@dataclass(frozen=True)
class Written:
    path: Path
    rows: int


async def csv_chunks(db: Database, query: ExportQuery) -> AsyncIterator[bytes]:
    """The export as CSV bytes, one chunk of rows at a time."""
    writer = CsvWriter(query.columns, query.indexes, query.members)
    yield writer.header()
    async for rows in stream_rows(db, query):
        yield writer.write(rows)


Chunks = AsyncIterable[Sequence[Any]]


async def write_file(
    chunks: Chunks,
    query: ExportQuery,
    fmt: ExportFormat,
    path: Path,
    title: str,
    progress: Callable[[int], None] | None = None,
) -> Written:
    """Write the rows of ``chunks`` into ``path`` in ``fmt``; how many rows it holds.
    ``progress`` hears of each chunk's row count."""
    if fmt is ExportFormat.csv:
        csv = CsvWriter(query.columns, query.indexes, query.members)
        with path.open("wb") as out:
            out.write(csv.header())
            async for rows in chunks:
                out.write(csv.write(rows))
                if progress is not None:
                    progress(len(rows))
        return Written(path, csv.rows)
    xlsx = XlsxWriter(path, query.columns, query.indexes, query.members, title)
    xlsx.header()
    async for rows in chunks:
        xlsx.write(rows)
        if progress is not None:
            progress(len(rows))
    await asyncio.to_thread(xlsx.close)
    return Written(path, xlsx.rows)


async def xlsx_chunks(db: Database, query: ExportQuery, title: str) -> AsyncIterator[bytes]:
    """The export as an XLSX file's bytes: built in a temporary folder (constant memory), then
    read out; the folder is removed when the stream ends or is abandoned."""
    with tempfile.TemporaryDirectory(prefix="heron-export-") as folder:
        path = Path(folder) / "export.xlsx"
        await write_file(stream_rows(db, query), query, ExportFormat.xlsx, path, title)
        with path.open("rb") as source:
            while chunk := await asyncio.to_thread(source.read, READ_CHUNK):
                yield chunk

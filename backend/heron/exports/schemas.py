"""What a list export takes: the format, the columns, and the list's own parameters."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from fastapi import Query
from pydantic import Field

from heron.exports.columns import MAX_COLUMNS
from heron.kit.schemas import Schema
from heron.models.base import utcnow

PLURALS = {"company": "companies", "contact": "contacts", "lead": "leads", "deal": "deals"}


def file_name(kind: str, fmt: str) -> str:
    return f"{PLURALS[kind]}-{utcnow():%Y-%m-%d}.{fmt}"


class DownloadLink(Schema):
    url: str = Field(
        description="Follow it (no credentials needed) to download the file. It works for you "
        "only while your role may export this data, and until `expires_at`."
    )
    expires_at: datetime
    filename: str
    bytes: int = Field(description="The file's size.")


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


@dataclass(frozen=True)
class ExportParams:
    format: ExportFormat
    columns: list[str] | None
    sort: str | None
    q: str | None
    view_id: uuid.UUID | None


async def export_params(
    format: ExportFormat = Query(
        ExportFormat.csv,
        description="`csv` (UTF-8 with a byte-order mark) or `xlsx` (typed cells).",
    ),
    columns: str | None = Query(
        None,
        max_length=8_000,
        description="Comma-separated column keys in the order wanted, e.g. "
        "`full_name,email,company,owner,custom.tier`; default: the saved view's columns, "
        f"else every column of the kind. At most {MAX_COLUMNS}.",
    ),
    sort: str | None = Query(
        None, max_length=300, description="As on the list, e.g. `-created_at,name`."
    ),
    q: str | None = Query(None, max_length=200, description="Search text, as on the list."),
    view: uuid.UUID | None = Query(
        None, description="A saved view whose filters (and sort and columns) apply."
    ),
) -> ExportParams:
    keys = [k.strip() for k in columns.split(",") if k.strip()] if columns else None
    return ExportParams(format=format, columns=keys, sort=sort, q=q or None, view_id=view)

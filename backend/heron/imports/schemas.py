"""Imports in and out of the API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import ConfigDict, Field

from heron.jobs.schemas import JobOut
from heron.kit.schemas import Input, Schema

ImportKind = Literal["contact", "company", "lead"]
ImportStateName = Literal["uploaded", "running", "completed", "failed", "undoing", "undone"]


class ImportOptions(Schema):
    mode: Literal["create", "update", "upsert"] = Field(
        description="`create`: new records only (a row matching an existing record is skipped); "
        "`update`: existing records only (a row matching none is skipped); `upsert`: both."
    )
    match_on: str | None = Field(
        description="How a row finds its record: `email` (contacts, leads), `domain` or `name` "
        "(companies), or `custom:<key>` (a text custom field, e.g. another CRM's id); null: "
        "every row creates a record."
    )
    companies: Literal["match_or_create", "match", "none"] = Field(
        description="Contacts: the `company` column is matched to a company (by `company_domain` "
        "when mapped, else by name ignoring case) and, with `match_or_create`, created once "
        "when none matches."
    )
    on_error: Literal["abort", "skip"] = Field(
        description="`abort`: one bad row and nothing is imported (all or nothing); `skip`: "
        "bad rows are left out and listed in the error file."
    )
    date_order: Literal["DMY", "MDY", "YMD"] = Field(
        description="How dates like 01/02/2026 are read; ISO dates (2026-02-01) always work."
    )
    decimal_separator: Literal[".", ","] = Field(
        description="The decimal separator of amounts; the other one (and spaces) may group "
        "thousands."
    )


class ImportUpdate(Input):
    mapping: list[str] | None = Field(
        None,
        max_length=5_000,
        description="One target per column, in order: a field of the kind (see `targets`), "
        "`custom:<key>`, `tags`, `owner_email` or `ignore`.",
    )
    mode: Literal["create", "update", "upsert"] | None = None
    match_on: str | None = Field(None, max_length=80)
    companies: Literal["match_or_create", "match", "none"] | None = None
    on_error: Literal["abort", "skip"] | None = None
    date_order: Literal["DMY", "MDY", "YMD"] | None = None
    decimal_separator: Literal[".", ","] | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"mapping": ["first_name", "last_name", "email", "ignore"], "mode": "upsert",
                 "match_on": "email", "on_error": "skip"},
            ]
        }
    )  # fmt: skip


class TargetOut(Schema):
    key: str = Field(description="What `mapping` names: `email`, `custom:tier`, `tags`, ...")
    label: str
    repeatable: bool = Field(description="Several columns may go to it.")


class SourceOut(Schema):
    format: Literal["csv", "xlsx", "vcard"]
    encoding: str = Field(description="`utf-8`, `utf-8-sig`, `utf-16`, `cp1252`, `latin-1`.")
    delimiter: str = Field(description="CSV only: `,`, `;`, a tab or `|`.")
    header_row: int | None = Field(description="0-based row of the header; null: none.")
    sheet: str | None = Field(description="XLSX: the sheet read.")
    headers: list[str]


class ProblemOut(Schema):
    row: int = Field(description="The row's number in the file (the line of a CSV).")
    column: str | None = Field(description="The column's header, when one column is at fault.")
    value: str | None = Field(description="The cell's value (cut at 200 characters).")
    reason: str


class ImportOut(Schema):
    id: uuid.UUID
    kind: ImportKind
    state: ImportStateName
    filename: str
    file_size: int
    source: SourceOut
    preview: list[list[str]] = Field(description="The first rows of data, as text.")
    mapping: list[str]
    options: ImportOptions
    targets: list[TargetOut] = Field(description="Where a column may go for this kind.")
    last_pass: Literal["validate", "run", "undo"] | None = Field(
        description="What `counts` and `problems` come from: a dry run, the run, or the undo."
    )
    counts: dict[str, int] = Field(
        description="Rows created, updated, unchanged, merged (the same record as an earlier "
        "row), skipped, failed; `rows`; `companies_created`, `tags_created`."
    )
    problems: list[ProblemOut] = Field(description="The first 1,000 problems.")
    has_error_file: bool = Field(
        description="Every row not applied, with its reasons: `GET /imports/{import_id}/errors`."
    )
    error: str | None
    job_id: uuid.UUID | None = Field(description="The latest job of this import (progress).")
    created_by_id: uuid.UUID | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    undone_at: datetime | None


class ImportJobOut(Schema):
    """A started pass over the import: follow the job for its progress."""

    record: ImportOut
    job: JobOut

"""What one import does with its file: the kind, the column mapping and the options the user
chose. Stored on the import (JSON) and handed to the preparer and the writer."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from heron.imports.cells import DateOrder, DecimalSeparator

Mode = Literal["create", "update", "upsert"]
Companies = Literal["match_or_create", "match", "none"]
OnError = Literal["abort", "skip"]
DEFAULT_MATCH = {"contact": "email", "company": "domain", "lead": "email"}


@dataclass
class Plan:
    kind: str
    mapping: list[str] = field(default_factory=list)
    # create: new records only (a row whose key matches an existing record is skipped);
    # update: existing records only (a row matching none is skipped); upsert: both.
    mode: Mode = "upsert"
    # email | domain | name | custom:<key>; None: no matching (every row creates).
    match_on: str | None = None
    # Contacts: the "company" column is matched to a company (by domain, else by name,
    # ignoring case) and, with match_or_create, one is created when none matches.
    companies: Companies = "match_or_create"
    # abort: one bad row and nothing is written; skip: bad rows are left out and listed.
    on_error: OnError = "abort"
    date_order: DateOrder = "DMY"
    decimal_separator: DecimalSeparator = "."

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Plan:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

"""What the bulk writer needs to know of each record kind: its table, the columns an import
sets, how the match key is looked up, and what the app's own writes keep consistent (search
text, lower-cased e-mails, child rows)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func

from heron.models import Company, Contact, Lead
from heron.models.base import Base
from heron.models.record import NameKeyMixin

ADDRESS = ("address_street", "address_city", "address_region", "address_postal_code",
           "address_country")  # fmt: skip


@dataclass(frozen=True)
class KindSpec:
    kind: str
    model: type[Base]
    # Columns an import may set from the file (besides owner_id, custom, company_id).
    columns: tuple[str, ...]
    # The name of a record of the kind for messages.
    noun: str

    @property
    def table(self) -> Any:
        return self.model.__table__

    @property
    def search_fields(self) -> tuple[str, ...]:
        fields: tuple[str, ...] = getattr(self.model, "search_fields", ())
        return fields

    def key_column(self, match_on: str) -> Any:
        """The expression a key is compared with (lower case where the key is)."""
        column = getattr(self.model, match_on)
        return func.lower(column) if match_on == "name" else column


SPECS: dict[str, KindSpec] = {
    "contact": KindSpec(
        "contact",
        Contact,
        (
            "first_name",
            "last_name",
            "email",
            "phone",
            "job_title",
            "lifecycle_status",
            "source",
            "social",
            "company_id",
            *ADDRESS,
        ),
        "contact",
    ),
    "company": KindSpec(
        "company",
        Company,
        (
            "name",
            "domain",
            "website",
            "industry",
            "employee_count",
            "annual_revenue",
            "annual_revenue_currency",
            "phone",
            "description",
            *ADDRESS,
        ),
        "company",
    ),
    "lead": KindSpec(
        "lead",
        Lead,
        ("name", "email", "phone", "company_name", "website", "title", "source", "status", "score"),
        "lead",
    ),
}


def search_text(spec: KindSpec, values: dict[str, Any]) -> str:
    """What ``SearchableMixin.compute_search_text`` would store for a row with ``values``."""
    parts = (values.get(f) for f in spec.search_fields)
    return " ".join(str(p) for p in parts if p).lower()


def name_key(spec: KindSpec, values: dict[str, Any]) -> dict[str, str]:
    """``name_key`` as ``NameKeyMixin`` would store it for a row with ``values``, for the kinds
    that keep one (none for deals)."""
    if not issubclass(spec.model, NameKeyMixin):
        return {}
    return {"name_key": spec.model.name_key_of(values)}


def named(spec: KindSpec, values: dict[str, Any]) -> str | None:
    """Why a new record of the kind cannot be made from ``values``, or None."""
    if spec.kind == "contact":
        if not (values.get("first_name") or values.get("last_name") or values.get("email")):
            return "A contact needs at least a first name, a last name or an e-mail address."
    elif not values.get("name"):
        return f"A {spec.noun} needs a name."
    return None

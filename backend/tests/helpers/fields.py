"""Test data of tags and custom fields, and records (companies) that carry them."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heron.kit.ids import uuid7
from heron.models import Company, CustomField, Organization, Tag, Tagging


async def create_tag(session: AsyncSession, org: Organization, **overrides: Any) -> Tag:
    values: dict[str, Any] = {"name": f"Tag {uuid7().hex[-6:]}", "color": "#64748b"}
    values.update(overrides)
    tag = Tag(org_id=org.id, **values)
    session.add(tag)
    await session.flush()
    return tag


async def create_company(session: AsyncSession, org: Organization, **overrides: Any) -> Company:
    values: dict[str, Any] = {"name": f"Company {uuid7().hex[-6:]}", "custom": {}}
    values.update(overrides)
    company = Company(org_id=org.id, **values)
    session.add(company)
    await session.flush()
    return company


async def tag_record(
    session: AsyncSession, tag: Tag, record_id: Any, kind: str = "company"
) -> Tagging:
    tagging = Tagging(org_id=tag.org_id, tag_id=tag.id, record_kind=kind, record_id=record_id)
    session.add(tagging)
    await session.flush()
    return tagging


def field(key: str, type_: str, **overrides: Any) -> CustomField:
    """A field definition that is not stored (for the pure value tests)."""
    values: dict[str, Any] = {
        "record_kind": "company",
        "key": key,
        "label": key.replace("_", " ").title(),
        "type": type_,
        "required": False,
        "default": None,
        "options": [],
        "position": 0,
    }
    values.update(overrides)
    return CustomField(**values)


def options(*values: str) -> list[dict[str, Any]]:
    return [{"value": v, "label": v.title(), "color": None} for v in values]


async def create_custom_field(
    session: AsyncSession, org: Organization, key: str, type_: str, **overrides: Any
) -> CustomField:
    row = field(key, type_, **overrides)
    row.org_id = org.id
    session.add(row)
    await session.flush()
    return row

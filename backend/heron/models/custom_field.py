"""Custom fields: an organization's own fields on a record kind; values live on the records."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from heron.models.base import Base, IdMixin, OrgMixin, TimestampMixin, VersionMixin


class FieldType(StrEnum):
    text = "text"
    long_text = "long_text"
    number = "number"
    money = "money"
    date = "date"
    datetime = "datetime"
    boolean = "boolean"
    select = "select"
    multi_select = "multi_select"
    url = "url"
    email = "email"
    phone = "phone"
    user = "user"


class CustomField(IdMixin, OrgMixin, TimestampMixin, VersionMixin, Base):
    __tablename__ = "custom_fields"
    __table_args__ = (UniqueConstraint("org_id", "record_kind", "key"),)

    record_kind: Mapped[str] = mapped_column(String(20))
    # The field's name in the API (`custom.<key>`): fixed once made, so values never move.
    key: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(120))
    type: Mapped[str] = mapped_column(String(20))
    required: Mapped[bool] = mapped_column(default=False)
    default: Mapped[Any | None] = mapped_column(
        JSON(none_as_null=True), default=None, nullable=True
    )
    # [{"value": "gold", "label": "Gold", "color": "#f59e0b"}] for select and multi-select.
    options: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    help_text: Mapped[str | None] = mapped_column(Text, default=None)
    position: Mapped[int] = mapped_column(default=0)

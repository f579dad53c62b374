"""The automatic column mapping of an upload, and the check of a mapping a user sends."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from heron.imports.targets import (
    CUSTOM_PREFIX,
    IGNORE,
    OWNER_EMAIL,
    TAGS,
    header_key,
    targets_of,
)
from heron.models import CustomField

# A second column of a one-column target goes to its repeatable sibling when the kind has one.
_SPILL = {"email": "email_other", "phone": "phone_other"}


def auto_map(kind: str, headers: Sequence[str], custom: Sequence[CustomField]) -> list[str]:
    """One target per column: the built-in field whose header variants match, else a custom
    field whose key or label matches, else ``ignore``. A one-column target is given once."""
    targets = targets_of(kind)
    by_variant: dict[str, str] = {}
    for target in targets.values():
        for variant in (header_key(target.label), *target.variants):
            by_variant.setdefault(variant, target.key)
    custom_by_key: dict[str, str] = {}
    for field in custom:
        custom_by_key.setdefault(header_key(field.key), CUSTOM_PREFIX + field.key)
        custom_by_key.setdefault(header_key(field.label), CUSTOM_PREFIX + field.key)
    taken: set[str] = set()
    result: list[str] = []
    for header in headers:
        key = header_key(header)
        found = (
            custom_by_key.get(key)
            or by_variant.get(key)
            or by_variant.get(key.rstrip("0123456789"))
        )
        if found and found in taken and found in _SPILL and _SPILL[found] in targets:
            found = _SPILL[found]
        repeatable = found in targets and targets[found].repeatable
        if not found or (found in taken and not repeatable):
            found = IGNORE
        taken.add(found)
        result.append(found)
    return result


def check_mapping(
    kind: str, mapping: Sequence[str], width: int, custom: Sequence[CustomField]
) -> list[dict[str, Any]]:
    """422 details for a mapping that cannot be used: one target per column, known targets,
    one-column targets once, and something that names the record."""
    targets = targets_of(kind)
    custom_keys = {f.key for f in custom}
    errors: list[dict[str, Any]] = []

    def error(index: int | None, msg: str) -> None:
        loc: list[str | int] = ["body", "mapping"] + ([index] if index is not None else [])
        errors.append({"loc": loc, "msg": msg, "type": "value_error"})

    if len(mapping) != width:
        error(None, f"Give one target per column: the file has {width} columns.")
        return errors
    seen: dict[str, int] = {}
    for index, target in enumerate(mapping):
        if target == IGNORE:
            continue
        if target.startswith(CUSTOM_PREFIX):
            if target[len(CUSTOM_PREFIX) :] not in custom_keys:
                error(index, f"No custom field '{target[len(CUSTOM_PREFIX) :]}' on this kind.")
                continue
        elif target not in targets:
            allowed = ", ".join(sorted(targets))
            error(index, f"'{target}' is not a field of this kind. Allowed: {allowed}, "
                         "custom:<key>, ignore.")  # fmt: skip
            continue
        repeatable = target in targets and targets[target].repeatable
        if target in seen and not repeatable:
            error(index, f"'{target}' is already the target of column {seen[target] + 1}.")
        seen.setdefault(target, index)
    if not errors and not _names_the_record(kind, set(mapping)):
        error(None, _NAMING[kind])
    return errors


_NAMING = {
    "contact": "Map a column to the first name, last name, full name or e-mail address.",
    "company": "Map a column to the company's name.",
    "lead": "Map a column to the lead's name (or first and last name).",
}


def _names_the_record(kind: str, mapped: set[str]) -> bool:
    if kind == "contact":
        return bool(mapped & {"first_name", "last_name", "full_name", "email"})
    if kind == "company":
        return "name" in mapped
    return bool(mapped & {"name", "first_name", "last_name"})


__all__ = ["IGNORE", "OWNER_EMAIL", "TAGS", "auto_map", "check_mapping"]

"""Work on contacts that spans domains: merging a duplicate contact (its deals, converted
leads, activities and tags move to the survivor; see heron.records.merge)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from heron.contacts.repository import ContactRepository
from heron.contacts.service import SOCIAL_PARTS, ContactService, email_list, phone_list
from heron.models import Contact, Lead
from heron.records.merge import ADDRESS_COLUMNS, MergeChoice, RecordMerger

# Merge field -> its columns. `email` and `phone` are not here: the lists are united and the
# choice only says whose primary stays primary (ContactMerger.pick).
MERGE_FIELDS: dict[str, tuple[str, ...]] = {
    "first_name": ("first_name",),
    "last_name": ("last_name",),
    "job_title": ("job_title",),
    "company_id": ("company_id",),
    "lifecycle_status": ("lifecycle_status",),
    "source": ("source",),
    "social": ("social",),
    "address": ADDRESS_COLUMNS,
    "owner_id": ("owner_id",),
}


class ContactMerger(RecordMerger[Contact]):
    service_class = ContactService
    fields = MERGE_FIELDS
    service: ContactService

    def pick(
        self, survivor: Contact, other: Contact, choices: Mapping[str, MergeChoice]
    ) -> tuple[dict[str, Any], list[str]]:
        values, taken = super().pick(survivor, other, choices)
        for field, key, items in (
            ("email", "email", (email_list(survivor), email_list(other))),
            ("phone", "number", (phone_list(survivor), phone_list(other))),
        ):
            united, from_other = united_list(*items, key, choices.get(field))
            values[f"{field}s"] = united
            if from_other:
                taken.append(field)
        if other.last_activity_at and (
            survivor.last_activity_at is None or other.last_activity_at > survivor.last_activity_at
        ):
            values["last_activity_at"] = other.last_activity_at
        return values, taken

    def value_of(self, row: Contact, name: str, columns: tuple[str, ...]) -> dict[str, Any]:
        if name == "social":
            # Every part named (null clears): the whole profile set is taken, not mixed in.
            return {"social": {part: (row.social or {}).get(part) for part in SOCIAL_PARTS}}
        return super().value_of(row, name, columns)

    async def move_relations(self, survivor: Contact, other: Contact) -> dict[str, int]:
        repo: ContactRepository = self.service.repo
        return {
            "deals": await repo.move_deal_links(other.id, survivor.id),
            "leads": await repo.repoint(Lead, "converted_contact_id", other.id, survivor.id),
        }


def united_list(
    mine: list[dict[str, Any]],
    theirs: list[dict[str, Any]],
    key: str,
    choice: MergeChoice | None,
) -> tuple[list[dict[str, Any]], bool]:
    """The survivor's addresses (or numbers) then the other's new ones, with one primary: the
    survivor's, unless ``choice`` is "other" or the survivor has none. Whether the primary
    came from the other."""
    my_primary = next((i[key] for i in mine if i["primary"]), None)
    their_primary = next((i[key] for i in theirs if i["primary"]), None)
    use_theirs = their_primary is not None and (choice == "other" or my_primary is None)
    primary = their_primary if use_theirs else my_primary
    united: dict[str, dict[str, Any]] = {}
    for item in (*mine, *theirs):
        united.setdefault(item[key], item | {"primary": item[key] == primary})
    return list(united.values()), use_theirs and their_primary != my_primary

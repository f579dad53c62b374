import { describe, expect, it } from "vitest";
import { eventRecordName, eventRecordPath } from "./eventText";

describe("eventRecordName", () => {
  it("reads the name of a created or deleted record's snapshot", () => {
    expect(eventRecordName({ changes: { name: "Babbage & Co", industry: "Computing" } })).toBe("Babbage & Co");
    expect(eventRecordName({ changes: { first_name: "Ada", last_name: "Lovelace" } })).toBe("Ada Lovelace");
  });

  it("reads the new name of a renamed record, and nothing from an update that did not rename", () => {
    expect(eventRecordName({ changes: { name: { before: "Old", after: "New" } } })).toBe("New");
    expect(eventRecordName({ changes: { stage_id: { before: "a", after: "b" } } })).toBeNull();
    expect(eventRecordName({ changes: {} })).toBeNull();
  });
});

describe("eventRecordPath", () => {
  it("links the four record kinds to their pages, except a deleted record", () => {
    expect(eventRecordPath({ entity: "deal", entity_id: "d1", type: "deal.stage_changed" })).toBe("/deals/d1");
    expect(eventRecordPath({ entity: "company", entity_id: "c1", type: "company.deleted" })).toBeNull();
    expect(eventRecordPath({ entity: "member", entity_id: "m1", type: "member.added" })).toBeNull();
  });
});

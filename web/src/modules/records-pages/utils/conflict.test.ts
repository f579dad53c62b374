import { describe, expect, it } from "vitest";
import { conflictingFields, currentFromDetails, showValue } from "./conflict";

const labels = new Map([
  ["name", "Name"],
  ["industry", "Industry"],
  ["phone", "Phone"],
  ["custom:tier", "Tier"],
]);

describe("conflictingFields", () => {
  it("lists only the fields the other person changed, with had / theirs / mine", () => {
    const had = { name: "Acme", industry: "Retail", phone: "", "custom:tier": "gold" };
    const mine = { name: "Acme Corp", industry: "Retail", phone: "", "custom:tier": "gold" };
    const theirs = { name: "Acme", industry: "Wholesale", phone: "", "custom:tier": "silver" };
    expect(conflictingFields(labels, had, mine, theirs)).toEqual([
      { name: "industry", label: "Industry", had: "Retail", mine: "Retail", theirs: "Wholesale" },
      { name: "custom:tier", label: "Tier", had: "gold", mine: "gold", theirs: "silver" },
    ]);
  });

  it("is empty when nothing shown differs, and treats a missing value as empty", () => {
    const had = { name: "Acme", industry: "" };
    expect(conflictingFields(labels, had, { ...had, name: "X" }, { name: "Acme" })).toEqual([]);
  });

  it("compares multi-select values by content", () => {
    const had = { "custom:tier": ["a", "b"] };
    expect(conflictingFields(labels, had, had, { "custom:tier": ["a", "b"] })).toEqual([]);
    expect(conflictingFields(labels, had, had, { "custom:tier": ["a"] })).toHaveLength(1);
  });
});

describe("currentFromDetails", () => {
  it("reads the current record from the first detail of a 412", () => {
    expect(currentFromDetails([{ current: { id: "1", version: 3 } }])).toEqual({ id: "1", version: 3 });
    expect(currentFromDetails([])).toBeNull();
    expect(currentFromDetails([{ msg: "stale" }])).toBeNull();
  });
});

describe("showValue", () => {
  it("shows empties as a dash, booleans and lists in words", () => {
    expect(showValue("")).toBe("—");
    expect(showValue(true)).toBe("Yes");
    expect(showValue(["a", "b"])).toBe("a, b");
  });
});

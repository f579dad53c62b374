import { describe, expect, it } from "vitest";
import { type FilterGroup, fromFilterParams, fromViewFilters, isFlat, toFilterParams, toViewFilters } from "./filterParams";

const flat: FilterGroup = {
  op: "and",
  conditions: [
    { field: "name", op: "icontains", value: " acme " },
    { field: "employee_count", op: "gte", value: "50" },
    { field: "custom.tier", op: "in", value: "gold,silver" },
  ],
};

describe("toFilterParams", () => {
  it("writes a flat AND group as filter[field][op] parameters, values trimmed", () => {
    expect(isFlat(flat)).toBe(true);
    expect(toFilterParams(flat)).toEqual({
      "filter[name][icontains]": "acme",
      "filter[employee_count][gte]": "50",
      "filter[custom.tier][in]": "gold,silver",
    });
  });

  it("leaves out conditions without a value and empty groups", () => {
    const group: FilterGroup = {
      op: "and",
      conditions: [{ field: "name", op: "eq", value: "  " }, { op: "or", conditions: [] }, { field: "tag", op: "eq", value: "t1" }],
    };
    expect(isFlat(group)).toBe(true);
    expect(toFilterParams(group)).toEqual({ "filter[tag][eq]": "t1" });
  });

  it("treats an OR of one condition as flat, since it means the same as AND", () => {
    expect(isFlat({ op: "or", conditions: [{ field: "status", op: "eq", value: "new" }] })).toBe(true);
  });
});

describe("isFlat", () => {
  it("is false for an OR of several conditions", () => {
    const group: FilterGroup = {
      op: "or",
      conditions: [
        { field: "status", op: "eq", value: "new" },
        { field: "status", op: "eq", value: "contacted" },
      ],
    };
    expect(isFlat(group)).toBe(false);
  });

  it("is false for a nested group", () => {
    const group: FilterGroup = {
      op: "and",
      conditions: [{ field: "name", op: "icontains", value: "a" }, { op: "or", conditions: [{ field: "score", op: "gte", value: "70" }] }],
    };
    expect(isFlat(group)).toBe(false);
    expect(() => toFilterParams(group)).toThrow();
  });

  it("is false when one field-operator pair repeats (parameters would collide)", () => {
    const group: FilterGroup = {
      op: "and",
      conditions: [
        { field: "name", op: "icontains", value: "a" },
        { field: "name", op: "icontains", value: "b" },
      ],
    };
    expect(isFlat(group)).toBe(false);
  });
});

describe("toViewFilters", () => {
  it("writes the saved-view tree with lists for in/between and booleans for isnull", () => {
    const group: FilterGroup = {
      op: "and",
      conditions: [
        { field: "status", op: "in", value: "new, contacted" },
        { op: "or", conditions: [{ field: "score", op: "between", value: "10,20" }, { field: "email", op: "isnull", value: "true" }] },
      ],
    };
    expect(toViewFilters(group)).toEqual({
      op: "and",
      conditions: [
        { field: "status", op: "in", value: ["new", "contacted"] },
        {
          op: "or",
          conditions: [
            { field: "score", op: "between", value: ["10", "20"] },
            { field: "email", op: "isnull", value: true },
          ],
        },
      ],
    });
  });

  it("reads back into the same editable group", () => {
    const group: FilterGroup = {
      op: "or",
      conditions: [{ field: "status", op: "in", value: "new,contacted" }, { op: "and", conditions: [{ field: "score", op: "gte", value: "70" }] }],
    };
    expect(fromViewFilters(toViewFilters(group))).toEqual(group);
  });
});

describe("fromFilterParams", () => {
  it("rebuilds the builder's AND group from URL parameters and ignores others", () => {
    expect(fromFilterParams({ "filter[name][icontains]": "acme", q: "x" })).toEqual({
      op: "and",
      conditions: [{ field: "name", op: "icontains", value: "acme" }],
    });
  });
});

import { describe, expect, it } from "vitest";
import { SCREENS, filterItems } from "./paletteItems";

const items = [
  { label: "Deals", keywords: "opportunities" },
  { label: "Deals board", keywords: "pipeline kanban" },
  { label: "Contacts", keywords: "people" },
  { label: "New deal", keywords: "create add" },
];

describe("filterItems", () => {
  it("keeps everything, in order, for an empty query", () => {
    expect(filterItems(items, "  ")).toEqual(items);
  });

  it("matches labels case-insensitively", () => {
    expect(filterItems(items, "CONT").map((i) => i.label)).toEqual(["Contacts"]);
  });

  it("matches keywords", () => {
    expect(filterItems(items, "people").map((i) => i.label)).toEqual(["Contacts"]);
    expect(filterItems(items, "kanban").map((i) => i.label)).toEqual(["Deals board"]);
  });

  it("needs every word to match", () => {
    expect(filterItems(items, "deal board").map((i) => i.label)).toEqual(["Deals board"]);
    expect(filterItems(items, "deal zebra")).toEqual([]);
  });

  it("puts labels that start with the query first", () => {
    expect(filterItems(items, "deal").map((i) => i.label)).toEqual(["Deals", "Deals board", "New deal"]);
    expect(filterItems(items, "new").map((i) => i.label)).toEqual(["New deal"]);
    const reordered = [items[3]!, items[0]!];
    expect(filterItems(reordered, "deal").map((i) => i.label)).toEqual(["Deals", "New deal"]);
  });

  it("finds every screen the palette lists by its own name", () => {
    for (const screen of SCREENS) expect(filterItems(SCREENS, screen.label)[0]?.label).toBe(screen.label);
  });
});

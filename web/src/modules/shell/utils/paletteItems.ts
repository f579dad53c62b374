/** What the command palette offers, and how typing narrows it. Pure, so it is tested without a DOM. */

export type PaletteGroup = "Records" | "Screens" | "Actions";

export interface PaletteItem {
  id: string;
  label: string;
  group: PaletteGroup;
  /** Extra words that should find the item ("people" finds Contacts). */
  keywords?: string;
  /** Shown on the right: the record's kind, a shortcut. */
  hint?: string;
  run: () => void;
}

export const SCREENS = [
  { label: "Dashboard", to: "/", keywords: "home overview", hint: "g d" },
  { label: "Companies", to: "/companies", keywords: "accounts organizations", hint: "g c" },
  { label: "Contacts", to: "/contacts", keywords: "people persons", hint: "g p" },
  { label: "Leads", to: "/leads", keywords: "prospects", hint: "g l" },
  { label: "Deals", to: "/deals", keywords: "opportunities list", hint: "" },
  { label: "Deals board", to: "/deals/board", keywords: "pipeline kanban", hint: "g b" },
  { label: "My tasks", to: "/tasks", keywords: "todo activities", hint: "g t" },
  { label: "Settings", to: "/settings", keywords: "preferences admin members", hint: "" },
] as const;

export type ScreenPath = (typeof SCREENS)[number]["to"];

/** The "New …" actions: the resource the role matrix must allow creating, and the list that creates it. */
export const CREATE_ACTIONS = [
  { label: "New company", resource: "company", to: "/companies" },
  { label: "New contact", resource: "contact", to: "/contacts" },
  { label: "New lead", resource: "lead", to: "/leads" },
  { label: "New deal", resource: "deal", to: "/deals" },
] as const;

export type CreateListPath = (typeof CREATE_ACTIONS)[number]["to"];

/** Where a search hit's record page lives. */
export const RECORD_PATH = {
  company: "/companies/$id",
  contact: "/contacts/$id",
  lead: "/leads/$id",
  deal: "/deals/$id",
} as const;

/**
 * The items matching `query`: every word must appear in the label or keywords (case-insensitive);
 * labels that start with the query come first, otherwise the given order is kept.
 */
export function filterItems<T extends Pick<PaletteItem, "label" | "keywords">>(items: readonly T[], query: string): T[] {
  const text = query.trim().toLowerCase();
  if (!text) return [...items];
  const words = text.split(/\s+/);
  const matches = items.filter((item) => {
    const haystack = `${item.label} ${item.keywords ?? ""}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
  const starts = (item: T) => (item.label.toLowerCase().startsWith(text) ? 0 : 1);
  return matches.map((item, index) => ({ item, index })).sort((a, b) => starts(a.item) - starts(b.item) || a.index - b.index).map((e) => e.item);
}

import type { FieldType } from "./kinds";

export type FilterOp =
  | "eq" | "ne" | "lt" | "lte" | "gt" | "gte" | "in" | "nin"
  | "contains" | "icontains" | "startswith" | "isnull" | "between";

export interface FilterCondition {
  field: string;
  op: FilterOp;
  value: string;
}

/** The API's saved-view filter tree: nested AND/OR groups of conditions. */
export interface FilterGroup {
  op: "and" | "or";
  conditions: (FilterCondition | FilterGroup)[];
}

export const EMPTY_GROUP: FilterGroup = { op: "and", conditions: [] };

const EQUALITY: FilterOp[] = ["eq", "ne", "in", "nin", "isnull"];
const ORDERED: FilterOp[] = ["eq", "ne", "lt", "lte", "gt", "gte", "between", "isnull"];

/** The operators the API accepts for a field of each type (mirrors kit/filtering.py). */
export const OPS_BY_TYPE: Record<FieldType, FilterOp[]> = {
  text: ["icontains", "eq", "ne", "startswith", "contains", "in", "nin", "isnull"],
  number: ORDERED,
  date: ORDERED,
  datetime: ORDERED,
  choice: EQUALITY,
  equality: EQUALITY,
  bool: ["eq", "isnull"],
  tag: ["eq", "in", "nin"],
};

export const OP_LABELS: Record<FilterOp, string> = {
  eq: "is",
  ne: "is not",
  lt: "is less than",
  lte: "is at most",
  gt: "is more than",
  gte: "is at least",
  in: "is any of",
  nin: "is none of",
  contains: "contains (case)",
  icontains: "contains",
  startswith: "starts with",
  isnull: "is empty",
  between: "is between",
};

export function isGroup(node: FilterCondition | FilterGroup): node is FilterGroup {
  return "conditions" in node;
}

/** A condition still being typed (no value) is left out rather than sent half-made. */
function isComplete(condition: FilterCondition): boolean {
  return condition.field !== "" && condition.value.trim() !== "";
}

/** The same tree without incomplete conditions and empty groups. */
export function pruneGroup(group: FilterGroup): FilterGroup {
  const conditions: FilterGroup["conditions"] = [];
  for (const node of group.conditions) {
    if (isGroup(node)) {
      const inner = pruneGroup(node);
      if (inner.conditions.length > 0) conditions.push(inner);
    } else if (isComplete(node)) {
      conditions.push({ ...node, value: node.value.trim() });
    }
  }
  return { op: group.op, conditions };
}

/**
 * Whether `filter[field][op]=value` parameters can say the same thing: they are ANDed, so only a
 * single AND group (or an OR group of one condition) with one condition per field-operator pair fits.
 */
export function isFlat(group: FilterGroup): boolean {
  const pruned = pruneGroup(group);
  if (pruned.conditions.some(isGroup)) return false;
  if (pruned.op === "or" && pruned.conditions.length > 1) return false;
  const keys = pruned.conditions.map((c) => `${(c as FilterCondition).field}|${(c as FilterCondition).op}`);
  return new Set(keys).size === keys.length;
}

/** `filter[field][op]=value` parameters of a flat group; call only when `isFlat(group)`. */
export function toFilterParams(group: FilterGroup): Record<string, string> {
  const params: Record<string, string> = {};
  for (const node of pruneGroup(group).conditions) {
    if (isGroup(node)) throw new Error("A nested group cannot be written as filter parameters.");
    params[`filter[${node.field}][${node.op}]`] = node.value;
  }
  return params;
}

/** The tree as the views API stores it: lists for in/nin/between, booleans for isnull. */
export function toViewFilters(group: FilterGroup): Record<string, unknown> {
  const convert = (node: FilterCondition | FilterGroup): Record<string, unknown> => {
    if (isGroup(node)) return { op: node.op, conditions: node.conditions.map(convert) };
    const { field, op, value } = node;
    if (op === "in" || op === "nin" || op === "between") {
      return { field, op, value: value.split(",").map((part) => part.trim()).filter(Boolean) };
    }
    if (op === "isnull") return { field, op, value: value === "true" };
    return { field, op, value };
  };
  return convert(pruneGroup(group));
}

/** A saved view's tree back into the builder's editable shape. */
export function fromViewFilters(tree: unknown): FilterGroup {
  if (!tree || typeof tree !== "object" || !("conditions" in tree)) return EMPTY_GROUP;
  const node = tree as { op?: string; conditions?: unknown[] };
  return {
    op: node.op === "or" ? "or" : "and",
    conditions: (node.conditions ?? []).map((item) => {
      const child = item as { field?: string; op?: string; value?: unknown; conditions?: unknown };
      if (child.conditions) return fromViewFilters(child);
      const value = Array.isArray(child.value) ? child.value.join(",") : String(child.value ?? "");
      return { field: child.field ?? "", op: (child.op ?? "eq") as FilterOp, value };
    }),
  };
}

/** The builder's group from URL filter parameters (`filter[name][icontains]=acme`). */
export function fromFilterParams(params: Record<string, string>): FilterGroup {
  const conditions: FilterCondition[] = [];
  for (const [name, value] of Object.entries(params)) {
    const match = /^filter\[([A-Za-z0-9_.]+)\]\[([a-z]+)\]$/.exec(name);
    if (match?.[1] && match[2]) conditions.push({ field: match[1], op: match[2] as FilterOp, value });
  }
  return { op: "and", conditions };
}

export function countConditions(group: FilterGroup): number {
  return pruneGroup(group).conditions.reduce((n, node) => n + (isGroup(node) ? countConditions(node) : 1), 0);
}

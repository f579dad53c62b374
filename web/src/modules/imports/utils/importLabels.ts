import type { ImportKind } from "../api/importsApi";

export const KIND_PLURAL: Record<ImportKind, string> = { contact: "contacts", company: "companies", lead: "leads" };

/** The list route of each kind, and back: /contacts <-> contact. */
export const KIND_PATH: Record<ImportKind, "/contacts" | "/companies" | "/leads"> = {
  contact: "/contacts",
  company: "/companies",
  lead: "/leads",
};

export const COUNT_LABELS: [string, string][] = [
  ["created", "Created"],
  ["updated", "Updated"],
  ["unchanged", "Unchanged"],
  ["merged", "Merged (same record twice)"],
  ["skipped", "Skipped"],
  ["failed", "Failed"],
];

export const MATCH_CHOICES: Record<ImportKind, [string, string][]> = {
  contact: [["email", "E-mail"]],
  company: [["domain", "Domain"], ["name", "Name"]],
  lead: [["email", "E-mail"]],
};

export function isImportKind(value: unknown): value is ImportKind {
  return value === "contact" || value === "company" || value === "lead";
}

import type { AuditEvent } from "../api/dashboardApi";

const RECORD_PATHS: Record<string, string> = { company: "companies", contact: "contacts", lead: "leads", deal: "deals" };

/** A value as the event stored it: the value itself (create, delete) or `{before, after}` (update). */
function current(value: unknown): unknown {
  if (value && typeof value === "object" && "after" in value) return (value as { after: unknown }).after;
  return value;
}

/**
 * The record an event is about, by the name it carries: created and deleted records carry a
 * snapshot of their fields, an update only the fields it changed (so a renamed record is named,
 * another update is not). Null when the event does not say.
 */
export function eventRecordName(event: Pick<AuditEvent, "changes">): string | null {
  const changes = (event.changes ?? {}) as Record<string, unknown>;
  const name = current(changes.name);
  if (typeof name === "string" && name) return name;
  const person = [current(changes.first_name), current(changes.last_name)].filter((part) => typeof part === "string" && part);
  if (person.length) return person.join(" ");
  const subject = current(changes.subject);
  return typeof subject === "string" && subject ? subject : null;
}

/** Where an event's record lives in the app, for the four record kinds (deleted ones excepted). */
export function eventRecordPath(event: Pick<AuditEvent, "entity" | "entity_id" | "type">): string | null {
  const plural = RECORD_PATHS[event.entity];
  if (!plural || !event.entity_id || event.type.endsWith(".deleted")) return null;
  return `/${plural}/${event.entity_id}`;
}

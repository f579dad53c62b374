import type { TimelineItem } from "../api/recordPagesApi";

/** How a field and its values are named for people (stage ids become stage names, ...). */
export interface Vocabulary {
  label: (field: string) => string;
  value: (field: string, value: unknown) => string;
}

/** A timeline entry as plain text: a title line and the sentences under it. Never HTML. */
export interface TimelineText {
  title: string;
  lines: string[];
  /** An activity's body, kept as text; the component shows its line breaks. */
  body: string | null;
}

const ACTIVITY_VERBS: Record<string, string> = {
  note: "added a note",
  call: "logged a call",
  meeting: "logged a meeting",
  email: "logged an e-mail",
  task: "created a task",
};

const EVENT_VERBS: Record<string, string> = {
  created: "created",
  deleted: "moved to the trash",
  restored: "restored",
  merged: "merged a duplicate into",
  converted: "converted",
  moved: "moved",
};

function actorName(item: TimelineItem): string {
  if (item.actor) return item.actor.full_name || item.actor.email;
  return item.actor_type === "api_key" ? "An API key" : "Heron";
}

function isChange(value: unknown): value is { before: unknown; after: unknown } {
  return typeof value === "object" && value !== null && "before" in value && "after" in value;
}

function changeSentence(actor: string, label: string, before: string, after: string): string {
  if (before === "") return `${actor} set ${label} to ${after}`;
  if (after === "") return `${actor} cleared ${label} (was ${before})`;
  return `${actor} changed ${label} from ${before} to ${after}`;
}

/** One sentence per changed field, custom fields included (they travel as one `custom` change). */
function changeLines(actor: string, changes: Record<string, unknown>, words: Vocabulary): string[] {
  const lines: string[] = [];
  for (const [field, change] of Object.entries(changes)) {
    if (!isChange(change)) continue;
    if (field === "custom") {
      const before = (change.before ?? {}) as Record<string, unknown>;
      const after = (change.after ?? {}) as Record<string, unknown>;
      for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
        const name = `custom.${key}`;
        lines.push(changeSentence(actor, words.label(name), words.value(name, before[key]), words.value(name, after[key])));
      }
      continue;
    }
    lines.push(changeSentence(actor, words.label(field), words.value(field, change.before), words.value(field, change.after)));
  }
  return lines;
}

/** Turns a timeline item into words: "Ada changed stage from Proposal to Negotiation". */
export function timelineText(item: TimelineItem, recordNoun: string, words: Vocabulary): TimelineText {
  const actor = actorName(item);
  if (item.type === "activity" && item.activity) {
    const activity = item.activity;
    const who = activity.created_by?.full_name ?? actor;
    const verb = ACTIVITY_VERBS[activity.kind] ?? `logged ${activity.kind}`;
    const lines: string[] = [];
    if (activity.kind === "task" && activity.due_at) lines.push(`Due ${new Date(activity.due_at).toLocaleString()}`);
    if (activity.assignee) lines.push(`Assigned to ${activity.assignee.full_name}`);
    if (activity.done_at) lines.push(activity.kind === "task" ? "Done" : `On ${new Date(activity.done_at).toLocaleString()}`);
    if (activity.outcome) lines.push(`Outcome: ${activity.outcome}`);
    return { title: `${who} ${verb}: ${activity.subject}`, lines, body: activity.body };
  }
  const action = (item.event_type ?? "").split(".").pop() ?? "";
  const changes = item.changes ?? {};
  if (action === "updated") {
    const lines = changeLines(actor, changes, words);
    if (lines.length === 1) return { title: lines[0]!, lines: [], body: null };
    return { title: `${actor} updated this ${recordNoun}`, lines, body: null };
  }
  const verb = EVENT_VERBS[action] ?? (action ? action.replaceAll("_", " ") : "changed");
  return { title: `${actor} ${verb} this ${recordNoun}`, lines: changeLines(actor, changes, words), body: null };
}

/** Plain values for the sentences; ids that the vocabulary cannot name stay as they are. */
export function plainValue(value: unknown): string {
  if (value == null || value === "") return "";
  if (Array.isArray(value)) return value.map(plainValue).join(", ");
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

import type { AnyRecord, CustomField, RecordKind } from "../api/recordPagesApi";

export type InputKind = "text" | "textarea" | "email" | "url" | "tel" | "number" | "date" | "select" | "stage";

/** One editable standard field of a kind: where its value is read and how it is entered. */
export interface FieldDef {
  key: string;
  label: string;
  input: InputKind;
  options?: readonly { value: string; label: string }[];
  required?: boolean;
  /** Reads the value when the read model names it differently (a deal's stage is `stage.id`). */
  read?: (record: AnyRecord) => unknown;
}

const options = (...values: string[]) => values.map((value) => ({ value, label: value[0]!.toUpperCase() + value.slice(1) }));

export const FIELDS: Record<RecordKind, readonly FieldDef[]> = {
  company: [
    { key: "name", label: "Name", input: "text", required: true },
    { key: "domain", label: "Domain", input: "text" },
    { key: "website", label: "Website", input: "url" },
    { key: "industry", label: "Industry", input: "text" },
    { key: "phone", label: "Phone", input: "tel" },
    { key: "employee_count", label: "Employees", input: "number" },
    { key: "annual_revenue", label: "Annual revenue", input: "number" },
    { key: "description", label: "Description", input: "textarea" },
  ],
  contact: [
    { key: "first_name", label: "First name", input: "text" },
    { key: "last_name", label: "Last name", input: "text" },
    { key: "job_title", label: "Job title", input: "text" },
    {
      key: "lifecycle_status",
      label: "Lifecycle",
      input: "select",
      options: options("subscriber", "lead", "opportunity", "customer", "evangelist", "other"),
    },
    { key: "source", label: "Source", input: "text" },
  ],
  lead: [
    { key: "name", label: "Name", input: "text", required: true },
    { key: "title", label: "Title", input: "text" },
    { key: "company_name", label: "Company", input: "text" },
    { key: "email", label: "E-mail", input: "email" },
    { key: "phone", label: "Phone", input: "tel" },
    { key: "website", label: "Website", input: "url" },
    { key: "status", label: "Status", input: "select", options: options("new", "contacted", "qualified", "unqualified") },
    { key: "score", label: "Score", input: "number" },
    { key: "source", label: "Source", input: "text" },
  ],
  deal: [
    { key: "name", label: "Name", input: "text", required: true },
    { key: "stage_id", label: "Stage", input: "stage", read: (r) => ("stage" in r ? r.stage.id : null) },
    { key: "amount", label: "Amount", input: "number" },
    { key: "currency", label: "Currency", input: "text" },
    { key: "probability", label: "Probability (%)", input: "number" },
    { key: "expected_close_date", label: "Expected close", input: "date" },
    { key: "lost_reason", label: "Lost reason", input: "text" },
  ],
};

/** The value of a standard field as stored on the record. */
export function readField(field: FieldDef, record: AnyRecord): unknown {
  return field.read ? field.read(record) : (record as unknown as Record<string, unknown>)[field.key];
}

/** The form name of a custom field; not `custom.<key>`, which react-hook-form would nest. */
export const customName = (key: string) => `custom:${key}`;

/** What the form holds: standard fields by key, custom fields under `custom:<key>`. */
export type FormValues = Record<string, string | boolean | string[]>;

/** A stored value as a form input shows it ("" for nothing). */
export function toInput(value: unknown): string | boolean | string[] {
  if (value == null) return "";
  if (typeof value === "boolean" || Array.isArray(value)) return value as boolean | string[];
  return String(value);
}

export function formValues(fields: readonly FieldDef[], customFields: readonly CustomField[], record: AnyRecord): FormValues {
  const values: FormValues = {};
  for (const field of fields) values[field.key] = toInput(readField(field, record));
  for (const field of customFields) {
    const stored = record.custom[field.key];
    values[customName(field.key)] = field.type === "multi_select" ? ((stored as string[] | null) ?? []) : field.type === "boolean" ? stored === true : toInput(stored);
  }
  return values;
}

const NUMERIC = new Set(["number", "money"]);

/** A form value as the API wants it: "" is null, numbers are numbers. */
export function fromInput(value: string | boolean | string[], numeric: boolean): unknown {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  if (trimmed === "") return null;
  return numeric ? Number(trimmed) : trimmed;
}

/** The PATCH body: only what changed since `base`, so an edit never rewrites a field it did not touch. */
export function patchBody(fields: readonly FieldDef[], customFields: readonly CustomField[], values: FormValues, base: FormValues) {
  const body: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const field of fields) {
    if (JSON.stringify(values[field.key]) === JSON.stringify(base[field.key])) continue;
    body[field.key] = fromInput(values[field.key] ?? "", field.input === "number");
  }
  for (const field of customFields) {
    const name = customName(field.key);
    if (JSON.stringify(values[name]) === JSON.stringify(base[name])) continue;
    custom[field.key] = fromInput(values[name] ?? "", NUMERIC.has(field.type));
  }
  if (Object.keys(custom).length > 0) body.custom = custom;
  return body;
}

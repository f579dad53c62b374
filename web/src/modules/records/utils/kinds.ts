import type { components } from "@/client/schema";

export type RecordKindName = components["schemas"]["RecordKind"];
export type Plural = "companies" | "contacts" | "leads" | "deals";
export type FieldType = "text" | "number" | "date" | "datetime" | "choice" | "equality" | "bool" | "tag";

/** One record of any kind, as the list shows it: the shared fields plus whatever the kind adds. */
export interface RecordRow {
  id: string;
  version: number;
  owner: components["schemas"]["PersonRef"] | null;
  tags: components["schemas"]["TagRef"][];
  custom: Record<string, unknown>;
  [field: string]: unknown;
}

/** A field the filter builder offers; `name` is the API's `filter[<name>]`. */
export interface FilterFieldDef {
  name: string;
  label: string;
  type: FieldType;
  choices?: readonly string[];
  /** Shown instead of the raw choice (e.g. a tag's name for its id). */
  choiceLabels?: readonly string[];
}

/** A column of the list; `sort` is the API's sort key when the column can be sorted. */
export interface ColumnDef {
  key: string;
  label: string;
  sort?: string;
  /** Shown text of the cell. */
  value: (row: RecordRow) => string;
  /** The PATCH field an inline edit writes (plain text or number columns only). */
  edit?: { field: string; type: "text" | "number" };
}

export interface KindConfig {
  kind: RecordKindName;
  plural: Plural;
  singular: string;
  title: string;
  /** The column that links to the record's page. */
  nameColumn: string;
  columns: ColumnDef[];
  defaultColumns: string[];
  filters: FilterFieldDef[];
  empty: string;
}

const str = (key: string) => (row: RecordRow) => (row[key] == null || row[key] === "" ? "—" : String(row[key]));
const date = (key: string) => (row: RecordRow) => (row[key] ? new Date(String(row[key])).toLocaleDateString() : "—");
const num = (key: string) => (row: RecordRow) => (row[key] == null ? "—" : Number(row[key]).toLocaleString());
const ref = (key: string) => (row: RecordRow) => ((row[key] as { name?: string } | null)?.name ?? "—");

const SHARED_COLUMNS: ColumnDef[] = [
  { key: "owner", label: "Owner", value: (row) => row.owner?.full_name ?? "—" },
  { key: "tags", label: "Tags", value: (row) => row.tags.map((tag) => tag.name).join(", ") || "—" },
  { key: "created_at", label: "Created", sort: "created_at", value: date("created_at") },
  { key: "updated_at", label: "Updated", sort: "updated_at", value: date("updated_at") },
];

const SHARED_FILTERS: FilterFieldDef[] = [
  { name: "owner_id", label: "Owner", type: "equality" },
  { name: "created_at", label: "Created", type: "datetime" },
  { name: "updated_at", label: "Updated", type: "datetime" },
];

const text = (name: string, label: string): FilterFieldDef => ({ name, label, type: "text" });

export const KINDS: Record<Plural, KindConfig> = {
  companies: {
    kind: "company",
    plural: "companies",
    singular: "company",
    title: "Companies",
    nameColumn: "name",
    columns: [
      { key: "name", label: "Name", sort: "name", value: str("name"), edit: { field: "name", type: "text" } },
      { key: "domain", label: "Domain", sort: "domain", value: str("domain"), edit: { field: "domain", type: "text" } },
      { key: "industry", label: "Industry", sort: "industry", value: str("industry"), edit: { field: "industry", type: "text" } },
      { key: "employee_count", label: "Employees", sort: "employee_count", value: num("employee_count"), edit: { field: "employee_count", type: "number" } },
      { key: "annual_revenue", label: "Revenue", sort: "annual_revenue", value: num("annual_revenue") },
      { key: "phone", label: "Phone", value: str("phone"), edit: { field: "phone", type: "text" } },
      ...SHARED_COLUMNS,
    ],
    defaultColumns: ["name", "domain", "industry", "employee_count", "owner", "created_at"],
    filters: [
      text("name", "Name"),
      text("domain", "Domain"),
      text("industry", "Industry"),
      { name: "employee_count", label: "Employees", type: "number" },
      { name: "annual_revenue", label: "Revenue", type: "number" },
      text("address_city", "City"),
      text("address_country", "Country"),
      ...SHARED_FILTERS,
    ],
    empty: "Companies are the organizations you sell to. Add one, then attach its contacts and deals.",
  },
  contacts: {
    kind: "contact",
    plural: "contacts",
    singular: "contact",
    title: "Contacts",
    nameColumn: "full_name",
    columns: [
      { key: "full_name", label: "Name", sort: "last_name", value: str("full_name") },
      { key: "first_name", label: "First name", sort: "first_name", value: str("first_name"), edit: { field: "first_name", type: "text" } },
      { key: "last_name", label: "Last name", sort: "last_name", value: str("last_name"), edit: { field: "last_name", type: "text" } },
      { key: "email", label: "E-mail", sort: "email", value: str("email") },
      { key: "phone", label: "Phone", value: str("phone") },
      { key: "company", label: "Company", value: ref("company") },
      { key: "job_title", label: "Job title", value: str("job_title"), edit: { field: "job_title", type: "text" } },
      { key: "lifecycle_status", label: "Lifecycle", value: str("lifecycle_status") },
      { key: "last_activity_at", label: "Last activity", sort: "last_activity_at", value: date("last_activity_at") },
      ...SHARED_COLUMNS,
    ],
    defaultColumns: ["full_name", "email", "phone", "company", "owner", "created_at"],
    filters: [
      text("first_name", "First name"),
      text("last_name", "Last name"),
      text("email", "E-mail"),
      text("phone", "Phone"),
      text("job_title", "Job title"),
      { name: "company_id", label: "Company", type: "equality" },
      {
        name: "lifecycle_status",
        label: "Lifecycle",
        type: "choice",
        choices: ["subscriber", "lead", "opportunity", "customer", "evangelist", "other"],
      },
      text("source", "Source"),
      text("address_city", "City"),
      text("address_country", "Country"),
      { name: "last_activity_at", label: "Last activity", type: "datetime" },
      ...SHARED_FILTERS,
    ],
    empty: "Contacts are the people you talk to. Create one, or import a spreadsheet of them.",
  },
  leads: {
    kind: "lead",
    plural: "leads",
    singular: "lead",
    title: "Leads",
    nameColumn: "name",
    columns: [
      { key: "name", label: "Name", sort: "name", value: str("name"), edit: { field: "name", type: "text" } },
      { key: "email", label: "E-mail", value: str("email"), edit: { field: "email", type: "text" } },
      { key: "company_name", label: "Company", value: str("company_name"), edit: { field: "company_name", type: "text" } },
      { key: "status", label: "Status", sort: "status", value: str("status") },
      { key: "score", label: "Score", sort: "score", value: num("score"), edit: { field: "score", type: "number" } },
      { key: "source", label: "Source", value: str("source"), edit: { field: "source", type: "text" } },
      ...SHARED_COLUMNS,
    ],
    defaultColumns: ["name", "email", "company_name", "status", "score", "owner"],
    filters: [
      text("name", "Name"),
      text("email", "E-mail"),
      text("company_name", "Company"),
      text("source", "Source"),
      { name: "status", label: "Status", type: "choice", choices: ["new", "contacted", "qualified", "unqualified", "converted"] },
      { name: "score", label: "Score", type: "number" },
      { name: "converted_at", label: "Converted", type: "datetime" },
      ...SHARED_FILTERS,
    ],
    empty: "Leads are people or companies who might buy. Capture one here, or import a spreadsheet.",
  },
  deals: {
    kind: "deal",
    plural: "deals",
    singular: "deal",
    title: "Deals",
    nameColumn: "name",
    columns: [
      { key: "name", label: "Name", sort: "name", value: str("name"), edit: { field: "name", type: "text" } },
      {
        key: "amount",
        label: "Amount",
        sort: "amount",
        value: (row) => (row.amount == null ? "—" : `${Number(row.amount).toLocaleString()} ${String(row.currency)}`),
        edit: { field: "amount", type: "number" },
      },
      { key: "stage", label: "Stage", value: ref("stage") },
      { key: "status", label: "Status", value: str("status") },
      { key: "company", label: "Company", value: ref("company") },
      { key: "expected_close_date", label: "Expected close", sort: "expected_close_date", value: date("expected_close_date") },
      { key: "closed_at", label: "Closed", sort: "closed_at", value: date("closed_at") },
      ...SHARED_COLUMNS,
    ],
    defaultColumns: ["name", "amount", "stage", "status", "company", "owner", "expected_close_date"],
    filters: [
      text("name", "Name"),
      { name: "status", label: "Status", type: "choice", choices: ["open", "won", "lost"] },
      { name: "amount", label: "Amount", type: "number" },
      { name: "currency", label: "Currency", type: "equality" },
      { name: "pipeline_id", label: "Pipeline", type: "equality" },
      { name: "stage_id", label: "Stage", type: "equality" },
      { name: "company_id", label: "Company", type: "equality" },
      { name: "expected_close_date", label: "Expected close", type: "date" },
      { name: "closed_at", label: "Closed", type: "datetime" },
      ...SHARED_FILTERS,
    ],
    empty: "Deals are the sales you are working on, each in a pipeline stage. Create one to start forecasting.",
  },
};

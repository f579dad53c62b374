import type { AnyRecord, RecordKind } from "../api/recordPagesApi";

export const NOUN: Record<RecordKind, string> = { company: "company", contact: "contact", lead: "lead", deal: "deal" };
export const RESOURCE: Record<RecordKind, string> = { company: "company", contact: "contact", lead: "lead", deal: "deal" };

export function recordTitle(record: AnyRecord): string {
  if ("full_name" in record) return record.full_name || "Unnamed contact";
  return record.name;
}

/** The few facts worth a glance in the header, as label/value text pairs. */
export function recordFacts(kind: RecordKind, record: AnyRecord): { label: string; value: string }[] {
  const facts: { label: string; value: string | null | undefined }[] = [];
  if (kind === "company" && "domain" in record) {
    facts.push({ label: "Domain", value: record.domain }, { label: "Industry", value: record.industry }, { label: "Phone", value: record.phone });
  }
  if (kind === "contact" && "full_name" in record) {
    facts.push(
      { label: "Company", value: record.company?.name },
      { label: "E-mail", value: record.email },
      { label: "Phone", value: record.phone },
      { label: "Title", value: record.job_title },
    );
  }
  if (kind === "lead" && "status" in record && "company_name" in record) {
    facts.push({ label: "Status", value: record.status }, { label: "Company", value: record.company_name }, { label: "E-mail", value: record.email });
  }
  if (kind === "deal" && "stage" in record) {
    const amount = record.amount == null ? null : `${Number(record.amount).toLocaleString()} ${record.currency}`;
    facts.push(
      { label: "Stage", value: record.stage.name },
      { label: "Amount", value: amount },
      { label: "Status", value: record.status },
      { label: "Company", value: record.company?.name },
      { label: "Expected close", value: record.expected_close_date },
    );
  }
  facts.push({ label: "Owner", value: record.owner?.full_name });
  return facts.filter((f): f is { label: string; value: string } => !!f.value);
}

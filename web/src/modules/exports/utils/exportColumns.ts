import type { RecordListParams } from "@/modules/records/hooks/useRecordList";

export type ExportFormat = "csv" | "xlsx";

/** Lists up to this many rows download at once (the server's HERON_EXPORT_DIRECT_MAX_ROWS default);
 * larger ones run as a job with a progress bar. */
export const DIRECT_MAX_ROWS = 100_000;

/** A list column as export columns: the API's keys are the list's, except that an amount needs its
 * currency beside it to mean anything in a spreadsheet. */
export function exportColumns(visible: string[]): string[] {
  return visible.flatMap((key) => (key === "amount" ? ["amount", "currency"] : [key]));
}

/** The export's query: the list's own filters, search, view and sort, the format and the columns. */
export function exportQuery(params: RecordListParams, columns: string[], format: ExportFormat): Record<string, string> {
  const query: Record<string, string> = { ...params.filters, format };
  if (columns.length) query.columns = exportColumns(columns).join(",");
  if (params.q) query.q = params.q;
  if (params.sort) query.sort = params.sort;
  if (params.view) query.view = params.view;
  return query;
}

/** The file name of a `Content-Disposition: attachment; filename="..."` header. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const match = disposition?.match(/filename="([^"]+)"/);
  return match?.[1] ?? fallback;
}

/** Whether the export should run as a job rather than download at once. */
export function needsJob(total: number | null | undefined, totalKind: string | undefined): boolean {
  if (total == null) return false;
  return total > DIRECT_MAX_ROWS || (totalKind === "estimate" && total >= DIRECT_MAX_ROWS);
}

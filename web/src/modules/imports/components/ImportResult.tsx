import { toast } from "sonner";
import { Button } from "@/ui/Button";
import { type DataImport, downloadErrors } from "../api/importsApi";
import { COUNT_LABELS } from "../utils/importLabels";

export interface ImportResultProps {
  item: DataImport;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** What an undo did, from the `undo_*` counts the import keeps. */
export function undoSummary(counts: Record<string, number>): string {
  const removed = counts.undo_removed ?? 0;
  const restored = counts.undo_restored ?? 0;
  const tags = counts.undo_tags_removed ?? 0;
  const parts = [
    `${plural(removed, "record", "records")} it created removed`,
    `${plural(restored, "record", "records")} it changed restored`,
  ];
  if (tags > 0) parts.push(`${plural(tags, "new tag", "new tags")} removed`);
  return `The import is undone: ${parts.join(", ")}. Its counts below are what it had done.`;
}

/** What the last pass found: counts, the first problems (row, column, value, reason) and the error file. */
export function ImportResult({ item }: ImportResultProps) {
  if (!item.last_pass) return null;
  const title = item.last_pass === "validate" ? "Dry run: nothing was written" : item.last_pass === "undo" ? "Undone" : "Import";
  return (
    <section aria-label="Result" className="flex flex-col gap-3">
      <h2 className="text-base font-semibold">{title}</h2>
      {item.last_pass === "undo" && item.state === "undone" && <p data-testid="undo-summary">{undoSummary(item.counts)}</p>}
      {item.error && (
        <p role="alert" className="rounded-md border border-danger/40 bg-danger/5 px-3 py-2 text-sm text-danger">
          {item.error}
        </p>
      )}
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-6" data-testid="import-counts">
        {COUNT_LABELS.map(([key, label]) => (
          <div key={key} className="rounded-md border border-border px-3 py-2">
            <dt className="text-xs text-muted-fg">{label}</dt>
            <dd className="text-lg font-semibold tabular-nums" data-testid={`count-${key}`}>
              {(item.counts[key] ?? 0).toLocaleString()}
            </dd>
          </div>
        ))}
      </dl>
      {item.problems.length > 0 && (
        <div className="max-h-72 overflow-auto rounded-lg border border-border">
          <table className="w-full text-sm">
            <caption className="sr-only">Problems</caption>
            <thead className="sticky top-0 bg-muted text-left">
              <tr>
                <th className="px-3 py-2 font-medium">Row</th>
                <th className="px-3 py-2 font-medium">Column</th>
                <th className="px-3 py-2 font-medium">Value</th>
                <th className="px-3 py-2 font-medium">Reason</th>
              </tr>
            </thead>
            <tbody>
              {item.problems.map((p) => (
                <tr key={`${p.row}-${p.column}-${p.reason}`} className="border-t border-border">
                  <td className="px-3 py-1.5 tabular-nums">{p.row}</td>
                  <td className="px-3 py-1.5">{p.column ?? "—"}</td>
                  <td className="max-w-[12rem] truncate px-3 py-1.5 text-muted-fg">{p.value ?? ""}</td>
                  <td className="px-3 py-1.5">{p.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {item.has_error_file && (
        <div>
          <Button variant="secondary" onClick={() => void downloadErrors(item).catch((e: unknown) => toast.error(String(e)))}>
            Download the rows not imported (CSV)
          </Button>
        </div>
      )}
    </section>
  );
}

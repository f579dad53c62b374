import { Download } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { usePermissions } from "@/lib/permissions";
import type { RecordListParams } from "@/modules/records/hooks/useRecordList";
import type { KindConfig } from "@/modules/records/utils/kinds";
import { Button } from "@/ui/Button";
import { DropdownMenu, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator } from "@/ui/DropdownMenu";
import { downloadContactCards, downloadList, isTooLarge, startListExport } from "../api/exportsApi";
import { type ExportFormat, exportQuery, needsJob } from "../utils/exportColumns";
import { ExportJobDialog } from "./ExportJobDialog";

export interface ExportMenuProps {
  config: KindConfig;
  params: RecordListParams;
  /** The list's visible columns: what the file holds. */
  columns: string[];
  total: number | null | undefined;
  totalKind: string | undefined;
}

/** Export what the list shows: CSV or Excel (and vCards of contacts). Small lists download at once;
 * large ones run as a job with a progress bar, then a download link. */
export function ExportMenu({ config, params, columns, total, totalKind }: ExportMenuProps) {
  const { can } = usePermissions();
  const [busy, setBusy] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  if (!can(config.kind, "export")) return null;

  const asJob = async (query: Record<string, string>) => {
    const job = await startListExport(config.plural, query);
    setJobId(job.id);
  };

  const run = async (format: ExportFormat) => {
    const query = exportQuery(params, columns, format);
    setBusy(true);
    try {
      if (needsJob(total, totalKind)) {
        await asJob(query);
        return;
      }
      try {
        await downloadList(config.plural, query);
        toast.success(`The ${config.plural} are downloaded.`);
      } catch (error) {
        if (!isTooLarge(error)) throw error;
        await asJob(query);
      }
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const cards = async () => {
    setBusy(true);
    try {
      await downloadContactCards(exportQuery(params, [], "csv"));
      toast.success("The vCards are downloaded.");
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <DropdownMenu
        trigger={
          <Button variant="secondary" disabled={busy} aria-label={`Export ${config.plural}`}>
            <Download className="h-4 w-4" aria-hidden /> {busy ? "Exporting…" : "Export"}
          </Button>
        }
      >
        <DropdownMenuLabel>The rows and columns shown</DropdownMenuLabel>
        <DropdownMenuItem onSelect={() => void run("csv")}>CSV (.csv)</DropdownMenuItem>
        <DropdownMenuItem onSelect={() => void run("xlsx")}>Excel (.xlsx)</DropdownMenuItem>
        {config.kind === "contact" && (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuItem onSelect={() => void cards()}>vCards (.vcf)</DropdownMenuItem>
          </>
        )}
      </DropdownMenu>
      <ExportJobDialog jobId={jobId} title={`Exporting ${config.plural}`} onClose={() => setJobId(null)} />
    </>
  );
}

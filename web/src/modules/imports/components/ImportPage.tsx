import { useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useEffect } from "react";
import { toast } from "sonner";
import { ApiError } from "@/lib/errors";
import { usePermissions } from "@/lib/permissions";
import { JobProgress } from "@/modules/jobs/components/JobProgress";
import { useJobProgress } from "@/modules/jobs/hooks/useJobProgress";
import { Badge } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { Card } from "@/ui/Card";
import { Skeleton } from "@/ui/Skeleton";
import { type ImportPass, importKeys, useImport, useStartPass } from "../api/importsApi";
import { KIND_PATH, KIND_PLURAL } from "../utils/importLabels";
import { ImportMapping } from "./ImportMapping";
import { ImportResult } from "./ImportResult";

export interface ImportPageProps {
  id: string;
}

const PASS_DONE: Record<ImportPass, string> = {
  validate: "The dry run is done: nothing was written.",
  run: "The import has finished.",
  undo: "The import is undone.",
};

/** Steps 2-4 of an import: map the columns, check (dry run), run with live progress, then undo if needed. */
export function ImportPage({ id }: ImportPageProps) {
  const query = useImport(id);
  const start = useStartPass(id);
  const queryClient = useQueryClient();
  const permissions = usePermissions();
  const item = query.data;
  const progress = useJobProgress(item?.job_id);

  useEffect(() => {
    if (progress.finished) void queryClient.invalidateQueries({ queryKey: importKeys.detail(id) });
  }, [progress.finished, id, queryClient]);

  if (query.isError) throw query.error;
  if (!item) return <Skeleton className="h-96 w-full" />;

  const busy = Boolean(item.job_id) && !progress.finished;
  const editable = (item.state === "uploaded" || item.state === "failed") && !busy;
  const mayRun = permissions.can("import", "update");

  async function pass(which: ImportPass) {
    try {
      await start.mutateAsync(which);
      toast.success(which === "validate" ? "Checking every row…" : which === "run" ? "Importing…" : "Undoing…");
    } catch (error) {
      toast.error(error instanceof ApiError ? error.message : String(error));
    }
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">Import {KIND_PLURAL[item.kind]}</h1>
        <Badge tone="neutral">{item.state}</Badge>
        <span className="text-sm text-muted-fg">
          {item.filename} · {item.source.format.toUpperCase()} · {item.source.encoding}
        </span>
        <Link to={KIND_PATH[item.kind]} className="ml-auto text-sm underline">
          Back to {KIND_PLURAL[item.kind]}
        </Link>
      </div>
      {item.job_id && busy && (
        <Card>
          <JobProgress jobId={item.job_id} label={item.state === "running" ? "Importing" : "Working"} />
          {progress.finished && <p className="mt-2 text-sm">{PASS_DONE[(item.last_pass ?? "run") as ImportPass]}</p>}
        </Card>
      )}
      <Card className="flex flex-col gap-4">
        <ImportMapping item={item} disabled={!editable || !mayRun} />
        {mayRun && (
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="secondary" disabled={!editable || start.isPending} onClick={() => void pass("validate")}>
              Check every row (dry run)
            </Button>
            <Button disabled={!editable || start.isPending} onClick={() => void pass("run")}>
              Import
            </Button>
            {item.state === "completed" && (
              <Button variant="secondary" disabled={busy || start.isPending} onClick={() => void pass("undo")}>
                Undo this import
              </Button>
            )}
          </div>
        )}
      </Card>
      <ImportResult item={item} />
    </div>
  );
}

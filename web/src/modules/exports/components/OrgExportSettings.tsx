import { Archive, Download } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { useSession } from "@/lib/session";
import { FINISHED, useJobs } from "@/modules/jobs/api/jobsApi";
import { JobProgress, JobProgressView } from "@/modules/jobs/components/JobProgress";
import { percentOf } from "@/modules/jobs/hooks/useJobProgress";
import { formatDate } from "@/modules/settings/components/formatDate";
import { Button } from "@/ui/Button";
import { EmptyState } from "@/ui/EmptyState";
import { Skeleton } from "@/ui/Skeleton";
import { openExport, useStartOrgExport } from "../api/exportsApi";

const KIND = "export.organization";

/** Settings › Data export (Owners): all of the organization's data as a ZIP, and the exports made. */
export function OrgExportSettings() {
  const start = useStartOrgExport();
  const jobs = useJobs();
  const session = useSession();
  const [opening, setOpening] = useState<string | null>(null);
  const mine = (jobs.data ?? []).filter((j) => j.kind === KIND && j.created_by_id === session?.user.id);

  const onStart = async () => {
    try {
      await start.mutateAsync();
      toast.success("The export has started; it shows below while it runs.");
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    }
  };

  const onDownload = async (jobId: string) => {
    setOpening(jobId);
    try {
      await openExport(jobId);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    } finally {
      setOpening(null);
    }
  };

  return (
    <section className="flex flex-col gap-4" aria-labelledby="org-export-title">
      <div className="flex flex-wrap items-start gap-3">
        <div className="min-w-0 flex-1">
          <h2 id="org-export-title" className="text-lg font-semibold">
            Data export
          </h2>
          <p className="text-sm text-muted-fg">
            Everything your organization holds, yours to take anywhere: a ZIP with a JSON Lines file and a CSV file for
            each kind of record (trash included), and a manifest. Passwords and keys are never in it.
          </p>
        </div>
        <Button onClick={() => void onStart()} disabled={start.isPending}>
          <Archive className="h-4 w-4" aria-hidden /> Export all data
        </Button>
      </div>
      {jobs.isPending ? (
        <Skeleton className="h-14 w-full" />
      ) : mine.length === 0 ? (
        <EmptyState icon={Archive} title="No export yet">
          Start one: it runs in the background, and the file is kept for you to download.
        </EmptyState>
      ) : (
        <ul className="flex flex-col divide-y divide-border rounded-lg border border-border">
          {mine.map((job) => (
            <li key={job.id} className="flex flex-wrap items-center gap-3 px-4 py-3">
              <div className="min-w-0 flex-1">
                {FINISHED.has(job.state) ? (
                  <JobProgressView job={job} percent={percentOf(job)} label="Organization export" />
                ) : (
                  <JobProgress jobId={job.id} label="Organization export" />
                )}
                <p className="mt-1 text-xs text-muted-fg">Started {formatDate(job.created_at)}</p>
              </div>
              {job.state === "succeeded" && (
                <Button variant="secondary" onClick={() => void onDownload(job.id)} disabled={opening === job.id}>
                  <Download className="h-4 w-4" aria-hidden /> Download
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

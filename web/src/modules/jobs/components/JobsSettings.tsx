import { ListChecks } from "lucide-react";
import { toast } from "sonner";
import { ApiError } from "@/lib/errors";
import { usePermissions } from "@/lib/permissions";
import { formatDate } from "@/modules/settings/components/formatDate";
import { Button } from "@/ui/Button";
import { EmptyState } from "@/ui/EmptyState";
import { Skeleton } from "@/ui/Skeleton";
import { FINISHED, type Job, useCancelJob, useJobs } from "../api/jobsApi";
import { percentOf } from "../hooks/useJobProgress";
import { JobProgress, JobProgressView } from "./JobProgress";

/** Settings › Jobs: imports and exports, newest first, with a live bar for those still running. */
export function JobsSettings() {
  const jobs = useJobs();
  return (
    <section className="flex flex-col gap-4" aria-labelledby="jobs-title">
      <div>
        <h2 id="jobs-title" className="text-lg font-semibold">
          Jobs
        </h2>
        <p className="text-sm text-muted-fg">
          Imports and exports run in the background. You see the ones you started; Owners and Admins see everyone's.
        </p>
      </div>
      {jobs.isPending ? (
        <div className="flex flex-col gap-3">
          {[0, 1, 2].map((n) => (
            <Skeleton key={n} className="h-14 w-full" />
          ))}
        </div>
      ) : jobs.isError ? (
        <p role="alert" className="text-sm text-danger">
          The jobs could not be loaded. Try again in a moment.
        </p>
      ) : jobs.data.length === 0 ? (
        <EmptyState icon={ListChecks} title="No jobs yet">
          When you import a file or export a list, its progress shows here while it runs, and its result afterwards.
        </EmptyState>
      ) : (
        <ul className="flex flex-col divide-y divide-border rounded-lg border border-border">
          {jobs.data.map((job) => (
            <li key={job.id} className="flex flex-col gap-1 px-4 py-3">
              {FINISHED.has(job.state) ? (
                <JobProgressView job={job} percent={percentOf(job)} />
              ) : (
                <JobProgress jobId={job.id} />
              )}
              <div className="flex items-center justify-between gap-2">
                <JobTimes job={job} />
                {!FINISHED.has(job.state) && <CancelJob job={job} />}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function JobTimes({ job }: { job: Job }) {
  return (
    <p className="text-xs text-muted-fg">
      Started {formatDate(job.created_at)}
      {job.finished_at && <> · finished {formatDate(job.finished_at)}</>}
      {job.attempts > 1 && <> · {job.attempts} attempts</>}
    </p>
  );
}

function CancelJob({ job }: { job: Job }) {
  const { can } = usePermissions();
  const cancel = useCancelJob();
  if (!can("job", "update", job.created_by_id)) return null;
  const onCancel = async () => {
    try {
      await cancel.mutateAsync(job.id);
      toast.success("Job cancelled; nothing of it was kept.");
    } catch (error) {
      toast.error(error instanceof ApiError ? error.message : "The job could not be cancelled.");
    }
  };
  return (
    <Button variant="ghost" size="sm" onClick={onCancel} disabled={cancel.isPending}>
      Cancel
    </Button>
  );
}

import { cn } from "@/lib/cn";
import { Badge } from "@/ui/Badge";
import { Skeleton } from "@/ui/Skeleton";
import type { Job } from "../api/jobsApi";
import { type JobProgressState, useJobProgress } from "../hooks/useJobProgress";
import { STATE_LABELS, countsLabel, kindLabel } from "../utils/jobLabels";

export interface JobProgressProps {
  jobId: string;
  /** Shown above the bar; the job's kind ("Import") when left out. */
  label?: string;
  className?: string;
}

/** A live progress bar for one job (imports, exports): state, counts, and the error if it failed. */
export function JobProgress({ jobId, label, className }: JobProgressProps) {
  const progress = useJobProgress(jobId);
  if (progress.loading || !progress.job) return <Skeleton className={cn("h-10 w-full", className)} />;
  return <JobProgressView job={progress.job} percent={progress.percent} label={label} className={className} />;
}

export interface JobProgressViewProps {
  job: Job;
  percent: JobProgressState["percent"];
  label?: string;
  className?: string;
}

const TONES = { failed: "danger", cancelled: "neutral", succeeded: "accent", queued: "neutral", running: "accent" } as const;

export function JobProgressView({ job, percent, label, className }: JobProgressViewProps) {
  const title = label ?? kindLabel(job.kind);
  const counts = countsLabel(job);
  const failed = job.state === "failed";
  return (
    <div className={cn("flex flex-col gap-1.5", className)} data-testid="job-progress">
      <div className="flex items-center justify-between gap-2 text-sm">
        <span className="font-medium">{title}</span>
        <span className="flex items-center gap-2 text-muted-fg">
          {counts && <span>{counts}</span>}
          {percent !== null && job.state === "running" && <span>{percent}%</span>}
          <Badge tone={TONES[job.state]}>{STATE_LABELS[job.state]}</Badge>
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={`${title} progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={percent === null ? STATE_LABELS[job.state] : `${percent}%`}
        className="h-2 w-full overflow-hidden rounded-full bg-muted"
      >
        <div
          className={cn(
            "h-full rounded-full transition-[width] duration-300",
            failed ? "bg-danger" : "bg-accent",
            percent === null && !failed && "w-1/3 animate-pulse",
          )}
          style={percent === null ? undefined : { width: `${failed ? 100 : percent}%` }}
        />
      </div>
      {failed && job.error && (
        <p role="alert" className="text-sm text-danger">
          {job.error.message}
        </p>
      )}
    </div>
  );
}

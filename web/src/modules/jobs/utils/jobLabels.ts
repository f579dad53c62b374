import type { Job, JobState } from "../api/jobsApi";

const KINDS: Record<string, string> = {
  "import.run": "Import",
  "export.csv": "CSV export",
  "export.xlsx": "Excel export",
};

export const STATE_LABELS: Record<JobState, string> = {
  queued: "Waiting",
  running: "Running",
  succeeded: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** A person's name for a kind of job ("import.run" → "Import"). */
export function kindLabel(kind: string): string {
  return KINDS[kind] ?? kind;
}

/** "1,250 of 5,000" / "1,250" / "" : the counts behind the bar. */
export function countsLabel(job: Job): string {
  const done = job.progress_done.toLocaleString();
  if (job.progress_total === null) return job.progress_done > 0 ? done : "";
  return `${done} of ${job.progress_total.toLocaleString()}`;
}

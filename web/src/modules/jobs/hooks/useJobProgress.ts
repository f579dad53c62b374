import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { ApiError } from "@/lib/errors";
import { followEventStream } from "../api/eventStream";
import { FINISHED, type Job, jobKeys, useJob } from "../api/jobsApi";

export interface JobProgressState {
  job: Job | undefined;
  /** 0-100 once the total is known; null while it is not (show an indeterminate bar). */
  percent: number | null;
  /** Finished, or gone: jobs are purged some time after they finish (`job_retention_days`). */
  finished: boolean;
  loading: boolean;
}

export function percentOf(job: Job | undefined): number | null {
  if (!job) return null;
  if (job.state === "succeeded") return 100;
  if (!job.progress_total) return null;
  return Math.min(100, Math.floor((job.progress_done / job.progress_total) * 100));
}

/**
 * A job's record, kept live: read once, then followed through `GET /jobs/{id}/stream` until it
 * finishes. Every update lands in the query cache, so any component showing the job agrees;
 * the jobs list is refreshed when it finishes.
 */
export function useJobProgress(jobId: string | null | undefined): JobProgressState {
  const queryClient = useQueryClient();
  const query = useJob(jobId);
  const loaded = query.data !== undefined;
  const gone = query.error instanceof ApiError && query.error.status === 404;
  const finished = gone || (query.data ? FINISHED.has(query.data.state) : false);

  useEffect(() => {
    // Follow once the record is read: a read answered after a stream event would undo it.
    if (!jobId || !loaded || finished) return;
    const controller = new AbortController();
    followEventStream(`/api/v1/jobs/${jobId}/stream`, {
      signal: controller.signal,
      onEvent: ({ event, data }) => {
        if (event !== "job") return false;
        const job = JSON.parse(data) as Job;
        queryClient.setQueryData(jobKeys.detail(jobId), job);
        if (!FINISHED.has(job.state)) return false;
        void queryClient.invalidateQueries({ queryKey: jobKeys.list() });
        return true;
      },
    }).catch(() => {
      // Refused (the job is gone or no longer visible): the query shows what is known.
      void queryClient.invalidateQueries({ queryKey: jobKeys.detail(jobId) });
    });
    return () => controller.abort();
  }, [jobId, loaded, finished, queryClient]);

  return { job: query.data, percent: percentOf(query.data), finished, loading: query.isPending && Boolean(jobId) };
}

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api } from "@/lib/api";
import { unwrap } from "@/lib/errors";

export type Job = components["schemas"]["JobOut"];
export type JobState = Job["state"];

export const FINISHED: ReadonlySet<JobState> = new Set<JobState>(["succeeded", "failed", "cancelled"]);

export const jobKeys = {
  all: ["jobs"] as const,
  list: () => [...jobKeys.all, "list"] as const,
  detail: (id: string) => [...jobKeys.all, "detail", id] as const,
};

/** The newest jobs the caller may see (their own; every one for Owners and Admins). */
export function useJobs() {
  return useQuery({
    queryKey: jobKeys.list(),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/jobs", { params: { query: { limit: 100 } }, signal })).data,
  });
}

export function useJob(jobId: string | null | undefined) {
  return useQuery({
    queryKey: jobKeys.detail(jobId ?? ""),
    enabled: Boolean(jobId),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/jobs/{job_id}", { params: { path: { job_id: jobId ?? "" } }, signal })).data,
  });
}

/** Cancels a job that has not finished; its work is rolled back. */
export function useCancelJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (jobId: string) =>
      unwrap(await api.POST("/api/v1/jobs/{job_id}/cancel", { params: { path: { job_id: jobId } } })).data,
    onSuccess: (job) => {
      queryClient.setQueryData(jobKeys.detail(job.id), job);
      return queryClient.invalidateQueries({ queryKey: jobKeys.list() });
    },
  });
}

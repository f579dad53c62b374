import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api } from "@/lib/api";
import { unwrap } from "@/lib/errors";

export type Task = components["schemas"]["ActivityOut"];
export type TaskDue = components["schemas"]["TaskDue"];
export type TaskStatus = components["schemas"]["TaskStatus"];
export type LinkIn = components["schemas"]["LinkIn"];

export interface TaskListParams {
  due: TaskDue;
  status: TaskStatus;
  limit?: number;
}

export const taskKeys = {
  all: ["tasks"] as const,
  list: (params: TaskListParams) => [...taskKeys.all, params] as const,
};

/** Your tasks (assigned to you) in one due bucket; the first page is enough for a section. */
export function useTasks(params: TaskListParams) {
  return useQuery({
    queryKey: taskKeys.list(params),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/tasks", { params: { query: { due: params.due, status: params.status, limit: params.limit ?? 100 } }, signal })),
  });
}

type Page = components["schemas"]["CursorEnvelope_ActivityOut_"];

/**
 * Ticks a task done. It leaves every open list at once (optimistic); if the API refuses, the lists
 * are put back as they were. Open lists are refreshed afterwards either way.
 */
export function useCompleteTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (task: Task) =>
      unwrap(await api.POST("/api/v1/activities/{activity_id}/complete", { params: { path: { activity_id: task.id } } })).data,
    onMutate: async (task) => {
      await queryClient.cancelQueries({ queryKey: taskKeys.all });
      const snapshot = queryClient.getQueriesData<Page>({ queryKey: taskKeys.all });
      queryClient.setQueriesData<Page>({ queryKey: taskKeys.all, predicate: (q) => (q.queryKey[1] as TaskListParams)?.status === "open" }, (page) =>
        page && { ...page, data: page.data.filter((t) => t.id !== task.id) },
      );
      return { snapshot };
    },
    onError: (_error, _task, context) => context?.snapshot.forEach(([key, data]) => queryClient.setQueryData(key, data)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: taskKeys.all }),
  });
}

export function useReopenTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (task: Task) =>
      unwrap(await api.POST("/api/v1/activities/{activity_id}/reopen", { params: { path: { activity_id: task.id } } })).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: taskKeys.all }),
  });
}

/** Quick add: a task for you, due when you say, optionally about records. */
export function useCreateTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { subject: string; due_at: string | null; links?: LinkIn[] }) =>
      unwrap(await api.POST("/api/v1/activities", { body: { kind: "task", ...body } })).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: taskKeys.all }),
  });
}

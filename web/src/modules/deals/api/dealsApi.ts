import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api } from "@/lib/api";
import { unwrap } from "@/lib/errors";
// One cache for the whole app: settings edits the pipelines and every screen sees them.
export { usePipelines } from "@/modules/settings/api/pipelinesApi";

export type Deal = components["schemas"]["DealOut"];
export type DealCreateBody = components["schemas"]["DealCreate"];
export type Pipeline = components["schemas"]["PipelineOut"];

export const dealKeys = {
  all: ["deals"] as const,
  lists: () => [...dealKeys.all, "list"] as const,
};

export function useCreateDeal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: DealCreateBody) => unwrap(await api.POST("/api/v1/deals", { body })).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dealKeys.all }),
  });
}


import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api } from "@/lib/api";
import { unwrap } from "@/lib/errors";

export type Lead = components["schemas"]["LeadOut"];
export type LeadCreateBody = components["schemas"]["LeadCreate"];

export const leadKeys = {
  all: ["leads"] as const,
  lists: () => [...leadKeys.all, "list"] as const,
};

export function useCreateLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: LeadCreateBody) => unwrap(await api.POST("/api/v1/leads", { body })).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: leadKeys.lists() }),
  });
}

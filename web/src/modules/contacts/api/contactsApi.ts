import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api } from "@/lib/api";
import { unwrap } from "@/lib/errors";

export type Contact = components["schemas"]["ContactOut"];
export type ContactCreateBody = components["schemas"]["ContactCreate"];

export const contactKeys = {
  all: ["contacts"] as const,
  lists: () => [...contactKeys.all, "list"] as const,
};

export function useCreateContact() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ContactCreateBody) => unwrap(await api.POST("/api/v1/contacts", { body })).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contactKeys.lists() }),
  });
}

/** Companies to attach a new contact to, found by name as the person types. */
export function useCompanyOptions(q: string) {
  return useQuery({
    queryKey: ["companies", "options", q],
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/companies", { params: { query: { q: q || undefined, sort: "name", limit: 20, count: "none" } }, signal })).data,
  });
}

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api } from "@/lib/api";
import { unwrap } from "@/lib/errors";

export type Company = components["schemas"]["CompanyOut"];
export type CompanyCreateBody = components["schemas"]["CompanyCreate"];

export interface CompanyListParams {
  q?: string;
  /** `name`, `-created_at`, ... (see the API's `sort`). */
  sort?: string;
}

export const companyKeys = {
  all: ["companies"] as const,
  lists: () => [...companyKeys.all, "list"] as const,
  list: (params: CompanyListParams) => [...companyKeys.lists(), params] as const,
};

const PAGE_SIZE = 50;

/** Keyset pages of companies; `fetchNextPage` follows `meta.next_cursor`. */
export function useCompanies(params: CompanyListParams) {
  return useInfiniteQuery({
    queryKey: companyKeys.list(params),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await api.GET("/api/v1/companies", {
          params: {
            query: {
              q: params.q || undefined,
              sort: params.sort || undefined,
              cursor: pageParam ?? undefined,
              limit: PAGE_SIZE,
              // Only the first page counts: later pages would repeat the same total.
              count: pageParam ? "none" : "exact",
            },
          },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.meta.next_cursor,
  });
}

export function useCreateCompany() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CompanyCreateBody) => unwrap(await api.POST("/api/v1/companies", { body })).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: companyKeys.lists() }),
  });
}

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api";
import { unwrap } from "@/lib/errors";

export const searchKeys = {
  query: (q: string) => ["search", q] as const,
};

export function useSearch(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: searchKeys.query(text),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/search", { params: { query: { q: text, limit: 5 } }, signal })).data,
    enabled: text.length > 0,
    placeholderData: keepPreviousData,
  });
}

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api";
import { unwrap } from "@/lib/errors";

export const dashboardKeys = {
  counts: ["dashboard", "counts"] as const,
};

const KINDS = ["/api/v1/companies", "/api/v1/contacts", "/api/v1/leads", "/api/v1/deals"] as const;
export type RecordKindPath = (typeof KINDS)[number];

/** Exact counts of each record kind (one row fetched per kind: only `meta.total` is used). */
export function useRecordCounts() {
  return useQuery({
    queryKey: dashboardKeys.counts,
    queryFn: async () => {
      const totals = await Promise.all(
        KINDS.map(async (path) => {
          const page = unwrap(await api.GET(path, { params: { query: { count: "exact", limit: 1 } } }));
          return [path, page.meta.total ?? 0] as const;
        }),
      );
      return Object.fromEntries(totals) as Record<RecordKindPath, number>;
    },
  });
}

import { useQuery } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api } from "@/lib/api";
import { unwrap } from "@/lib/errors";

export type Board = components["schemas"]["Board"];
export type Deal = components["schemas"]["DealOut"];
export type AuditEvent = components["schemas"]["EventOut"];
export type Activity = components["schemas"]["ActivityOut"];

export const dashboardKeys = {
  counts: ["dashboard", "counts"] as const,
  board: (closedSince: string | null) => ["dashboard", "board", closedSince] as const,
  closingSoon: (from: string) => ["dashboard", "closing-soon", from] as const,
  recent: (audit: boolean) => ["dashboard", "recent", audit] as const,
};

// `filter[...]` parameters are documented in prose, not in the typed query: they go through as-is.
const filters = (values: Record<string, string>) => values as Record<string, never>;

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

/**
 * The default pipeline's board with one card per column: only the per-stage count, amount and
 * weighted sums are used. With `closedSince`, only deals closed since then (won/lost this month).
 */
export function useBoardTotals(closedSince: string | null, enabled = true) {
  return useQuery({
    queryKey: dashboardKeys.board(closedSince),
    enabled,
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/deals/board", {
          params: { query: { limit: 1, ...filters(closedSince ? { "filter[closed_at][gte]": closedSince } : {}) } },
          signal,
        }),
      ).data,
  });
}

/** Open deals expected to close between `from` and `to` (dates), soonest first. */
export function useClosingSoon(from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: dashboardKeys.closingSoon(from),
    enabled,
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/deals", {
          params: {
            query: {
              sort: "expected_close_date",
              limit: 8,
              count: "exact",
              ...filters({ "filter[expected_close_date][between]": `${from},${to}`, "filter[status][eq]": "open" }),
            },
          },
          signal,
        }),
      ),
  });
}

export type RecentItem = { kind: "event"; event: AuditEvent } | { kind: "activity"; activity: Activity };

/** The last ten things that happened: the audit log if your role may read it, else activities. */
export function useRecentActivity(audit: boolean, enabled = true) {
  return useQuery({
    queryKey: dashboardKeys.recent(audit),
    enabled,
    queryFn: async ({ signal }): Promise<RecentItem[]> => {
      if (audit) {
        const page = unwrap(await api.GET("/api/v1/events", { params: { query: { limit: 10 } }, signal }));
        return page.data.map((event) => ({ kind: "event", event }));
      }
      const page = unwrap(await api.GET("/api/v1/activities", { params: { query: { limit: 10 } }, signal }));
      return page.data.map((activity) => ({ kind: "activity", activity }));
    },
  });
}

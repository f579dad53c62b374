/**
 * The deal filters shared by the board and the list, as they sit in the URL (`?owner=me&status=open&q=`)
 * and as the API reads them (`filter[owner_id][eq]=<id>`, `filter[status][eq]=open`, `q=`).
 */
export type DealStatusFilter = "open" | "won" | "lost";

export interface DealFilters {
  q?: string;
  /** "me": deals the signed-in person owns; absent: anyone's. */
  owner?: "me";
  status?: DealStatusFilter;
}

const STATUSES: readonly DealStatusFilter[] = ["open", "won", "lost"];

/** Reads the filters from a route's search params, dropping anything unknown. */
export function dealFiltersFromSearch(search: Record<string, unknown>): DealFilters {
  return {
    ...(typeof search.q === "string" && search.q ? { q: search.q } : {}),
    ...(search.owner === "me" ? { owner: "me" as const } : {}),
    ...(STATUSES.includes(search.status as DealStatusFilter) ? { status: search.status as DealStatusFilter } : {}),
  };
}

/** The query parameters the deals endpoints (list, board, column) take for these filters. */
export function filterQuery(filters: DealFilters, userId: string | undefined): Record<string, string> {
  const query: Record<string, string> = {};
  if (filters.q) query.q = filters.q;
  if (filters.owner === "me" && userId) query["filter[owner_id][eq]"] = userId;
  if (filters.status) query["filter[status][eq]"] = filters.status;
  return query;
}

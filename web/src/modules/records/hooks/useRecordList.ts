import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { fetchRecordPage, recordKeys } from "../api/recordsApi";
import type { Plural, RecordRow } from "../utils/kinds";

export const PAGE_SIZE = 100;

export interface RecordListParams {
  q?: string;
  sort?: string;
  /** A saved view whose filters apply on the server (nested AND/OR groups). */
  view?: string;
  /** `exact` counts every row; `estimate` (the default) stays fast on big tables. */
  count?: "exact" | "estimate";
  /** `filter[field][op]` parameters of a flat AND group. */
  filters?: Record<string, string>;
  /** Open the create dialog (set by the command palette; the list drops it once the dialog opens). */
  create?: boolean;
}

/** The query of one page: only the first page counts, later ones would repeat the same total. */
export function pageQuery(params: RecordListParams, cursor: string | null): Record<string, string | number> {
  const query: Record<string, string | number> = { limit: PAGE_SIZE, ...params.filters };
  if (params.q) query.q = params.q;
  if (params.sort) query.sort = params.sort;
  if (params.view) query.view = params.view;
  if (cursor) {
    query.cursor = cursor;
    query.count = "none";
  } else {
    query.count = params.count ?? "estimate";
  }
  return query;
}

/**
 * A kind's rows as keyset pages: `fetchNextPage` follows `meta.next_cursor`, so scrolling to row
 * 100,000 costs the same per page as the first. Returns the flat rows and the first page's total.
 */
export function useRecordList(plural: Plural, params: RecordListParams) {
  const query = useInfiniteQuery({
    // `create` only opens a dialog: it must not make a second cache entry of the same list.
    queryKey: recordKeys.list(plural, { ...params, create: undefined }),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => fetchRecordPage(plural, pageQuery(params, pageParam), signal),
    getNextPageParam: (last) => last.meta.next_cursor,
  });
  const pages = query.data?.pages;
  const rows = useMemo<RecordRow[]>(() => pages?.flatMap((page) => page.data) ?? [], [pages]);
  const first = pages?.[0]?.meta;
  return {
    rows,
    total: first?.total ?? null,
    totalKind: first?.total_kind ?? "none",
    isPending: query.isPending,
    isError: query.isError,
    error: query.error,
    hasNextPage: query.hasNextPage,
    isFetchingNextPage: query.isFetchingNextPage,
    fetchNextPage: query.fetchNextPage,
    refetch: query.refetch,
  };
}

import { hashKey, useQueries, useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { type ListPage, fetchRecordPage, recordKeys } from "../api/recordsApi";
import type { Plural, RecordRow } from "../utils/kinds";
import { PageChain } from "../utils/pageChain";

export const PAGE_SIZE = 100;
/** How long a page scrolled out of view stays cached (scrolling back within it shows it at once). */
export const PAGE_GC_MS = 60_000;

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

interface InView {
  key: string;
  first: number;
  last: number;
}

/** Pages observed around the ones in view, so a page is there before its first row scrolls in. */
const MARGIN = 1;

/**
 * A kind's rows as keyset pages, of which only those in view (and the first, which carries the
 * total) are observed: each page is its own query, fetched with the cursor the page before it
 * gave. The work per page, the memory held and what an invalidation refetches stay the same at
 * row 100,000 as at row 100 (a flat list of every loaded row made each page cost more than the
 * last; see docs/performance.md).
 *
 * The table reports the rows in view with `showRows`; `rowAt` answers undefined for a row whose
 * page is still coming.
 */
export function useRecordList(plural: Plural, params: RecordListParams) {
  const queryClient = useQueryClient();
  // `create` only opens a dialog: it must not make a second cache entry of the same list.
  const listKey = recordKeys.list(plural, { ...params, create: undefined });
  const key = hashKey(listKey);
  const chainRef = useRef<{ key: string; chain: PageChain }>(null);
  if (chainRef.current?.key !== key) chainRef.current = { key, chain: new PageChain() };
  const { chain } = chainRef.current;
  const [inView, setInView] = useState<InView>({ key, first: 0, last: 0 });
  const first = inView.key === key ? inView.first : 0;
  const last = inView.key === key ? inView.last : 0;

  // Learn cursors and sizes from the cached pages around the view, in order, so that a page just
  // fetched makes the next one fetchable in this same render.
  const pageKey = (page: number) => [...listKey, "page", page] as const;
  const learn = (page: number) => {
    const data = queryClient.getQueryData<ListPage>(pageKey(page));
    if (data) chain.learn(page, data.data.length, data.meta.next_cursor ?? null);
  };
  learn(0);
  const wanted = [0];
  for (let page = Math.max(1, first - MARGIN); page <= last + MARGIN && page < chain.pages; page++) {
    learn(page);
    wanted.push(page);
  }

  const results = useQueries({
    queries: wanted.map((page) => {
      const cursor = chain.cursor(page) ?? null;
      return {
        queryKey: pageKey(page),
        queryFn: ({ signal }: { signal: AbortSignal }) => fetchRecordPage(plural, pageQuery(params, cursor), signal),
        gcTime: PAGE_GC_MS,
      };
    }),
  });
  const pages = new Map<number, ListPage>();
  results.forEach((result, i) => {
    if (result.data) pages.set(wanted[i]!, result.data);
  });

  const showRows = useCallback(
    (start: number, end: number) => {
      const chain = chainRef.current!.chain;
      const next = { key, first: chain.pageOf(start), last: chain.pageOf(end) };
      setInView((prev) => (prev.key === next.key && prev.first === next.first && prev.last === next.last ? prev : next));
    },
    [key],
  );
  const rowAt = (index: number): RecordRow | undefined => {
    const page = chain.pageOf(index);
    return pages.get(page)?.data[index - chain.start(page)];
  };
  /** The rows of the pages in view: what "select every loaded row" selects. */
  const loadedRows = (): RecordRow[] => {
    const rows: RecordRow[] = [];
    for (let page = first; page <= last; page++) rows.push(...(pages.get(page)?.data ?? []));
    return rows;
  };

  const head = results[0]!;
  const meta = head.data?.meta;
  const failed = results.find((result) => result.isError);
  return {
    /** Rows known so far (every page up to the furthest one fetched); the table's height. */
    rowCount: chain.rows,
    /** Whether the list goes on past `rowCount` (the table shows a loading row there). */
    hasMore: head.isPending || chain.hasMore,
    rowAt,
    loadedRows,
    showRows,
    /** The list's key: a new one starts again at the top. */
    key,
    total: meta?.total ?? null,
    totalKind: meta?.total_kind ?? "none",
    isPending: head.isPending,
    isError: Boolean(failed),
    error: failed?.error ?? null,
  };
}

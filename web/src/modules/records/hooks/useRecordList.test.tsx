import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { PAGE_SIZE, useRecordList } from "./useRecordList";

const GET = vi.fn();
vi.mock("@/lib/api", () => ({ api: { GET: (...args: unknown[]) => GET(...args) } }));

function page(ids: string[], next: string | null, total: number | null, kind: "exact" | "estimate" | "none") {
  return {
    data: { data: ids.map((id) => ({ id, version: 1, owner: null, tags: [], custom: {}, name: id })), meta: { next_cursor: next, limit: PAGE_SIZE, total, total_kind: kind } },
    response: new Response(null, { status: 200 }),
  };
}

/** A list of `pages` full pages: page k answers to cursor `c<k>` and holds rows `r<k>-<i>`. */
function serve(pages: number) {
  GET.mockImplementation(async (_path: string, { params }: { params: { query: Record<string, unknown> } }) => {
    const k = params.query.cursor ? Number(String(params.query.cursor).slice(1)) : 0;
    const ids = Array.from({ length: PAGE_SIZE }, (_, i) => `r${k}-${i}`);
    return page(ids, k + 1 < pages ? `c${k + 1}` : null, k === 0 ? pages * PAGE_SIZE : null, k === 0 ? "exact" : "none");
  });
}

let client: QueryClient;
function wrapper({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

const queryOf = (call: number) => (GET.mock.calls[call]![1] as { params: { query: Record<string, unknown> } }).params.query;
const cursorsAsked = () => GET.mock.calls.map((_, i) => queryOf(i).cursor ?? null);
const observed = () =>
  client
    .getQueryCache()
    .getAll()
    .filter((query) => query.getObserversCount() > 0)
    .map((query) => query.queryKey.at(-1));

describe("useRecordList", () => {
  beforeEach(() => {
    GET.mockReset();
    client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  });

  it("asks for the first page with an estimated count, the sort and the filter parameters", async () => {
    GET.mockResolvedValueOnce(page(["a", "b"], null, 10000, "estimate"));
    const { result } = renderHook(
      () => useRecordList("leads", { sort: "-score", q: "ada", filters: { "filter[status][eq]": "new" } }),
      { wrapper },
    );
    await waitFor(() => expect(result.current.isPending).toBe(false));
    expect(GET.mock.calls[0]![0]).toBe("/api/v1/leads");
    expect(queryOf(0)).toEqual({ limit: PAGE_SIZE, count: "estimate", sort: "-score", q: "ada", "filter[status][eq]": "new" });
    expect(result.current.rowCount).toBe(2);
    expect([0, 1].map((i) => result.current.rowAt(i)?.id)).toEqual(["a", "b"]);
    expect(result.current.total).toBe(10000);
    expect(result.current.totalKind).toBe("estimate");
    expect(result.current.hasMore).toBe(false);
  });

  it("fetches the next page with meta.next_cursor, without counting again, once the rows after the last are shown", async () => {
    GET.mockResolvedValueOnce(page(["a", "b"], "c1", 4, "exact")).mockResolvedValueOnce(page(["c", "d"], null, null, "none"));
    const { result } = renderHook(() => useRecordList("contacts", { count: "exact", view: "v1" }), { wrapper });
    await waitFor(() => expect(result.current.hasMore).toBe(true));
    expect(queryOf(0)).toMatchObject({ count: "exact", view: "v1" });
    expect(queryOf(0)).not.toHaveProperty("cursor");
    expect(GET).toHaveBeenCalledTimes(1);

    // Row 2 is the loading row past the first page.
    act(() => result.current.showRows(0, 2));
    await waitFor(() => expect(result.current.rowCount).toBe(4));
    expect(queryOf(1)).toEqual({ limit: PAGE_SIZE, view: "v1", cursor: "c1", count: "none" });
    expect([0, 1, 2, 3].map((i) => result.current.rowAt(i)?.id)).toEqual(["a", "b", "c", "d"]);
    // The total stays the first page's: later pages do not count.
    expect(result.current.total).toBe(4);
    expect(result.current.hasMore).toBe(false);
  });

  it("observes only the first page and the pages around the view, so an edit refetches a handful of pages", async () => {
    serve(50);
    const { result } = renderHook(() => useRecordList("contacts", {}), { wrapper });
    // Scroll down page by page, as the table does.
    for (let k = 0; k < 30; k++) {
      await waitFor(() => expect(result.current.rowCount).toBeGreaterThanOrEqual((k + 1) * PAGE_SIZE));
      act(() => result.current.showRows(k * PAGE_SIZE, k * PAGE_SIZE + 30));
    }
    await waitFor(() => expect(result.current.rowAt(29 * PAGE_SIZE + 5)?.id).toBe("r29-5"));
    expect(observed().sort((x, y) => Number(x) - Number(y))).toEqual([0, 28, 29, 30]);
    expect(result.current.loadedRows().map((row) => row.id)).toEqual(Array.from({ length: PAGE_SIZE }, (_, i) => `r29-${i}`));
    expect(result.current.total).toBe(5000);

    GET.mockClear();
    await act(() => client.invalidateQueries({ queryKey: ["contacts", "list"] }));
    expect(cursorsAsked().map(String).sort()).toEqual(["c28", "c29", "c30", "null"]);
  });

  it("refetches a page that left the cache with the cursor it remembers, when the view comes back to it", async () => {
    serve(10);
    const { result } = renderHook(() => useRecordList("contacts", {}), { wrapper });
    for (let k = 0; k < 8; k++) {
      await waitFor(() => expect(result.current.rowCount).toBeGreaterThanOrEqual((k + 1) * PAGE_SIZE));
      act(() => result.current.showRows(k * PAGE_SIZE, k * PAGE_SIZE + 30));
    }
    client.removeQueries({ queryKey: ["contacts", "list", {}, "page", 3] });
    GET.mockClear();
    act(() => result.current.showRows(3 * PAGE_SIZE + 10, 3 * PAGE_SIZE + 40));
    expect(result.current.rowAt(3 * PAGE_SIZE + 10)).toBeUndefined();
    await waitFor(() => expect(result.current.rowAt(3 * PAGE_SIZE + 10)?.id).toBe("r3-10"));
    expect(cursorsAsked()).toContain("c3");
    expect(cursorsAsked()).not.toContain("c1");
    // The rows known do not shrink when the view goes back up.
    expect(result.current.rowCount).toBeGreaterThanOrEqual(8 * PAGE_SIZE);
  });

  it("surfaces the API's error", async () => {
    GET.mockResolvedValueOnce({
      error: { error: { code: "validation_failed", message: "Cannot filter by 'nope'.", details: [] } },
      response: new Response(null, { status: 422 }),
    });
    const { result } = renderHook(() => useRecordList("deals", { filters: { "filter[nope][eq]": "1" } }), { wrapper });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect((result.current.error as Error).message).toBe("Cannot filter by 'nope'.");
  });
});

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

let client: QueryClient;
function wrapper({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

const queryOf = (call: number) => (GET.mock.calls[call]![1] as { params: { query: Record<string, unknown> } }).params.query;

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
    expect(result.current.rows.map((r) => r.id)).toEqual(["a", "b"]);
    expect(result.current.total).toBe(10000);
    expect(result.current.totalKind).toBe("estimate");
    expect(result.current.hasNextPage).toBe(false);
  });

  it("follows meta.next_cursor for the next page, without counting again, and appends its rows", async () => {
    GET.mockResolvedValueOnce(page(["a", "b"], "c1", 4, "exact")).mockResolvedValueOnce(page(["c", "d"], null, null, "none"));
    const { result } = renderHook(() => useRecordList("contacts", { count: "exact", view: "v1" }), { wrapper });
    await waitFor(() => expect(result.current.hasNextPage).toBe(true));
    expect(queryOf(0)).toMatchObject({ count: "exact", view: "v1" });
    expect(queryOf(0)).not.toHaveProperty("cursor");

    await act(async () => {
      await result.current.fetchNextPage();
    });
    expect(queryOf(1)).toEqual({ limit: PAGE_SIZE, view: "v1", cursor: "c1", count: "none" });
    await waitFor(() => expect(result.current.rows).toHaveLength(4));
    expect(result.current.rows.map((r) => r.id)).toEqual(["a", "b", "c", "d"]);
    // The total stays the first page's: later pages do not count.
    expect(result.current.total).toBe(4);
    expect(result.current.hasNextPage).toBe(false);
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

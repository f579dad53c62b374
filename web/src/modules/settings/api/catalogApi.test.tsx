import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";

const patch = vi.fn();
const get = vi.fn();
vi.mock("@/lib/api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/api")>()),
  api: { PATCH: (...args: unknown[]) => patch(...args), GET: (...args: unknown[]) => get(...args) },
}));

const { catalogKeys, useTags, useUpdateTag } = await import("./catalogApi");

const tag = {
  id: "t1", name: "VIP", color: "#f59e0b", usage_count: 3, version: 4,
  created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z",
};
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

function setup() {
  const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  client.setQueryData(catalogKeys.tags, [tag]);
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
  const { result } = renderHook(() => useUpdateTag(), { wrapper });
  return { client, result };
}

describe("useUpdateTag", () => {
  beforeEach(() => {
    patch.mockReset();
    get.mockReset();
  });

  it("sends the version the screen read, without reading the tag again", async () => {
    patch.mockResolvedValue({ data: { data: { ...tag, name: "Key account", version: 5 } }, response: json(200, {}) });
    const { result } = setup();
    await act(() => result.current.mutateAsync({ tag, body: { name: "Key account" } }));
    expect(patch).toHaveBeenCalledWith("/api/v1/tags/{tag_id}", {
      params: { path: { tag_id: "t1" }, header: { "If-Match": '"4"' } },
      body: { name: "Key account" },
    });
    expect(get).not.toHaveBeenCalled();
  });

  it("says that someone else changed the tag, and reads the tags again", async () => {
    const body = { error: { code: "precondition_failed", message: "The record was changed by someone else.", details: [] } };
    patch.mockResolvedValue({ error: body, response: json(412, body) });
    const { client, result } = setup();
    await expect(act(() => result.current.mutateAsync({ tag, body: { color: "#10b981" } }))).rejects.toThrow(
      /Someone else changed this meanwhile.*not saved/,
    );
    expect(client.getQueryState(catalogKeys.tags)?.isInvalidated).toBe(true);
  });
});

describe("useTags", () => {
  it("asks for the tags without usage counts, which no screen shows", async () => {
    get.mockReset();
    get.mockResolvedValue({ data: { data: [{ ...tag, usage_count: null }] }, response: json(200, {}) });
    const client = new QueryClient();
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
    const { result } = renderHook(() => useTags(), { wrapper });
    await vi.waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(get).toHaveBeenCalledWith("/api/v1/tags", expect.objectContaining({ params: { query: { usage: false } } }));
    expect(result.current.data?.map((t) => t.name)).toEqual(["VIP"]);
  });
});

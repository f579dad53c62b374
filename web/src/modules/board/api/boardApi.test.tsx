import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Board } from "../utils/boardMoves";
import { planMove } from "../utils/boardMoves";

const post = vi.fn();
vi.mock("@/lib/api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/api")>()),
  api: { POST: (...args: unknown[]) => post(...args) },
}));
const toastError = vi.fn();
vi.mock("sonner", () => ({ toast: { error: (...args: unknown[]) => toastError(...args) } }));

const { boardKeys, useMoveDeal } = await import("./boardApi");

const stage = (id: string, probability: number) => ({ id, name: id, kind: "open" as const, probability, rotting_days: null, position: 0 });
const deal = {
  id: "d1", name: "Acme renewal", amount: "100.00", currency: "EUR", pipeline_id: "p", stage: { id: "s1", name: "s1", kind: "open" as const },
  probability: 10, probability_overridden: false, weighted_amount: "10.00", expected_close_date: null, status: "open" as const,
  lost_reason: null, closed_at: null, company: null, contacts: [], owner: null, position: 1, stage_entered_at: "2025-01-01T00:00:00Z",
  is_stale: false, tags: [], custom: {}, version: 7, created_at: "2025-01-01T00:00:00Z", updated_at: "2025-01-01T00:00:00Z",
};
const board: Board = {
  pipeline_id: "p",
  currency: "EUR",
  columns: [
    { stage: stage("s1", 10), count: 1, amount_sum: "100.00", weighted_sum: "10.00", other_currency_count: 0, cards: [deal], next_cursor: null },
    { stage: stage("s2", 50), count: 0, amount_sum: "0.00", weighted_sum: "0.00", other_currency_count: 0, cards: [], next_cursor: null },
  ],
};

function setup() {
  const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  const key = boardKeys.board({}, "u1");
  client.setQueryData(key, board);
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
  const { result } = renderHook(() => useMoveDeal(key), { wrapper });
  return { client, key, result };
}

const response = (status: number) => new Response(null, { status });

describe("useMoveDeal", () => {
  beforeEach(() => {
    post.mockReset();
    toastError.mockReset();
  });

  it("sends the move with If-Match and keeps the server's card", async () => {
    post.mockResolvedValue({ data: { data: { ...deal, stage: { id: "s2", name: "s2", kind: "open" }, version: 8 } }, response: response(200) });
    const { client, key, result } = setup();
    act(() => result.current.mutate(planMove(board, { dealId: "d1", toStageId: "s2", toIndex: 0 })!));
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(post).toHaveBeenCalledWith("/api/v1/deals/{deal_id}/move", {
      params: { path: { deal_id: "d1" } },
      body: { stage_id: "s2" },
      headers: { "If-Match": '"7"' },
    });
    const after = client.getQueryData<Board>(key)!;
    expect(after.columns[1]!.cards[0]!.version).toBe(8);
    expect(after.columns.map((c) => c.count)).toEqual([0, 1]);
  });

  it("rolls the card back and toasts the server's message when refused", async () => {
    let answer!: (value: unknown) => void;
    post.mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const { client, key, result } = setup();
    act(() => result.current.mutate(planMove(board, { dealId: "d1", toStageId: "s2", toIndex: 0 })!));
    // Shown moved while the server thinks.
    await waitFor(() => expect(client.getQueryData<Board>(key)!.columns[1]!.cards).toHaveLength(1));
    answer({ error: { error: { code: "precondition_failed", message: "The deal changed since you loaded it." } }, response: response(412) });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(client.getQueryData<Board>(key)).toEqual(board);
    expect(toastError).toHaveBeenCalledWith('"Acme renewal" was not moved', { description: "The deal changed since you loaded it." });
  });
});

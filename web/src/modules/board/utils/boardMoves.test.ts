import { describe, expect, it } from "vitest";
import { type Board, type BoardColumn, type DealCard, appendCards, applyMove, planMove, replaceCard, undoMove } from "./boardMoves";

function card(id: string, stage: BoardColumn["stage"], amount: string | null, extra: Partial<DealCard> = {}): DealCard {
  return {
    id,
    name: `Deal ${id}`,
    amount,
    currency: "EUR",
    pipeline_id: "p1",
    stage: { id: stage.id, name: stage.name, kind: stage.kind },
    probability: stage.probability,
    probability_overridden: false,
    weighted_amount: amount == null ? null : ((Number(amount) * stage.probability) / 100).toFixed(2),
    expected_close_date: null,
    status: stage.kind,
    lost_reason: null,
    closed_at: null,
    company: null,
    contacts: [],
    owner: null,
    position: 0,
    stage_entered_at: "2025-01-01T00:00:00Z",
    is_stale: true,
    tags: [],
    custom: {},
    version: 3,
    created_at: "2025-01-01T00:00:00Z",
    updated_at: "2025-01-01T00:00:00Z",
    ...extra,
  };
}

const lead = { id: "s1", name: "Lead", kind: "open" as const, probability: 10, rotting_days: 14, position: 0 };
const won = { id: "s2", name: "Won", kind: "won" as const, probability: 100, rotting_days: null, position: 1 };

function makeBoard(): Board {
  const a = card("a", lead, "1000.00");
  const b = card("b", lead, "200.50");
  const c = card("c", lead, "99.99", { currency: "USD" });
  const w = card("w", won, "300.00");
  return {
    pipeline_id: "p1",
    currency: "EUR",
    columns: [
      // 40 deals in Lead, only 3 loaded: totals cover them all.
      { stage: lead, count: 40, amount_sum: "5000.00", weighted_sum: "500.00", other_currency_count: 1, cards: [a, b, c], next_cursor: "more" },
      { stage: won, count: 1, amount_sum: "300.00", weighted_sum: "300.00", other_currency_count: 0, cards: [w], next_cursor: null },
    ],
  };
}

const ids = (board: Board, index: number) => board.columns[index]!.cards.map((c) => c.id);

describe("planMove", () => {
  it("names the card below as the neighbour", () => {
    const move = planMove(makeBoard(), { dealId: "a", toStageId: "s2", toIndex: 0 })!;
    expect(move.body).toEqual({ stage_id: "s2", before_id: "w" });
    expect(move.version).toBe(3);
  });

  it("names the card above when dropped last, and nobody in an empty column", () => {
    expect(planMove(makeBoard(), { dealId: "a", toStageId: "s2", toIndex: 1 })!.body).toEqual({ stage_id: "s2", after_id: "w" });
    const board = makeBoard();
    board.columns[1]!.cards = [];
    expect(planMove(board, { dealId: "a", toStageId: "s2", toIndex: 0 })!.body).toEqual({ stage_id: "s2" });
  });

  it("is null for a drop where the card already is, or on an unknown card", () => {
    expect(planMove(makeBoard(), { dealId: "b", toStageId: "s1", toIndex: 1 })).toBeNull();
    expect(planMove(makeBoard(), { dealId: "zz", toStageId: "s1", toIndex: 0 })).toBeNull();
  });
});

describe("applyMove (optimistic update)", () => {
  it("moves the card across columns and shifts counts and sums", () => {
    const board = makeBoard();
    const next = applyMove(board, planMove(board, { dealId: "a", toStageId: "s2", toIndex: 1 })!);
    expect(ids(next, 0)).toEqual(["b", "c"]);
    expect(ids(next, 1)).toEqual(["w", "a"]);
    const [from, to] = next.columns;
    expect([from!.count, from!.amount_sum, from!.weighted_sum]).toEqual([39, "4000.00", "400.00"]);
    // In Won the card weighs 100%: 1000.00 rather than the 100.00 it weighed in Lead.
    expect([to!.count, to!.amount_sum, to!.weighted_sum]).toEqual([2, "1300.00", "1300.00"]);
    const moved = to!.cards[1]!;
    expect(moved.stage.id).toBe("s2");
    expect(moved.status).toBe("won");
    expect(moved.probability).toBe(100);
    expect(moved.is_stale).toBe(false);
  });

  it("keeps an overridden probability", () => {
    const board = makeBoard();
    board.columns[0]!.cards[0] = { ...board.columns[0]!.cards[0]!, probability: 30, probability_overridden: true, weighted_amount: "300.00" };
    const next = applyMove(board, planMove(board, { dealId: "a", toStageId: "s2", toIndex: 0 })!);
    expect(next.columns[1]!.cards[0]!.weighted_amount).toBe("300.00");
    expect(next.columns[1]!.weighted_sum).toBe("600.00");
  });

  it("moves the count of another currency with the card", () => {
    const board = makeBoard();
    const next = applyMove(board, planMove(board, { dealId: "c", toStageId: "s2", toIndex: 0 })!);
    expect(next.columns.map((c) => c.other_currency_count)).toEqual([0, 1]);
  });

  it("reorders within a column without changing its totals", () => {
    const board = makeBoard();
    const move = planMove(board, { dealId: "a", toStageId: "s1", toIndex: 2 })!;
    expect(move.body).toEqual({ stage_id: "s1", after_id: "c" });
    const next = applyMove(board, move);
    expect(ids(next, 0)).toEqual(["b", "c", "a"]);
    expect(next.columns[0]).toMatchObject({ count: 40, amount_sum: "5000.00", weighted_sum: "500.00" });
    expect(next.columns[0]!.cards[2]).toBe(board.columns[0]!.cards[0]);
  });

  it("does not change the board it is given", () => {
    const board = makeBoard();
    const before = JSON.stringify(board);
    applyMove(board, planMove(board, { dealId: "a", toStageId: "s2", toIndex: 0 })!);
    expect(JSON.stringify(board)).toBe(before);
  });
});

describe("undoMove (rollback)", () => {
  it("puts the card back where and as it was, totals included", () => {
    const board = makeBoard();
    const move = planMove(board, { dealId: "b", toStageId: "s2", toIndex: 0 })!;
    const rolledBack = undoMove(applyMove(board, move), move);
    expect(rolledBack).toEqual(board);
  });

  it("keeps cards loaded while the move was in flight", () => {
    const board = makeBoard();
    const move = planMove(board, { dealId: "a", toStageId: "s2", toIndex: 0 })!;
    const extra = card("d", lead, "10.00");
    const meanwhile = appendCards(applyMove(board, move), "s1", [extra], null);
    const rolledBack = undoMove(meanwhile, move);
    expect(ids(rolledBack, 0)).toEqual(["a", "b", "c", "d"]);
    expect(rolledBack.columns[0]!.next_cursor).toBeNull();
    expect(rolledBack.columns[0]!.count).toBe(40);
    expect(ids(rolledBack, 1)).toEqual(["w"]);
  });
});

describe("replaceCard (server answer)", () => {
  it("takes the new version and corrects the weighted sum by the exact amount", () => {
    const board = makeBoard();
    const move = planMove(board, { dealId: "a", toStageId: "s2", toIndex: 0 })!;
    const shown = applyMove(board, move);
    const answer = { ...move.moved, version: 4, weighted_amount: "999.99" };
    const next = replaceCard(shown, answer);
    expect(next.columns[1]!.cards[0]!.version).toBe(4);
    expect(next.columns[1]!.weighted_sum).toBe("1299.99");
    expect(next.columns[1]!.count).toBe(2);
  });
});

describe("appendCards", () => {
  it("adds a page to one column without repeating cards", () => {
    const board = makeBoard();
    const next = appendCards(board, "s1", [board.columns[0]!.cards[2]!, card("d", lead, "1.00")], "again");
    expect(ids(next, 0)).toEqual(["a", "b", "c", "d"]);
    expect(next.columns[0]!.next_cursor).toBe("again");
    expect(next.columns[0]!.count).toBe(40);
  });
});

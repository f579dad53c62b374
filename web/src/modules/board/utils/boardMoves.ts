import type { components } from "@/client/schema";
import { addMoney, subtractMoney, weightedAmount } from "./money";

export type Board = components["schemas"]["Board"];
export type BoardColumn = components["schemas"]["BoardColumn"];
export type DealCard = components["schemas"]["DealOut"];
export type DealMoveBody = components["schemas"]["DealMove"];

/** Where a dragged card lands: a column and its index there once the card has left its old place. */
export interface MoveTarget {
  dealId: string;
  toStageId: string;
  toIndex: number;
}

/** Everything needed to show a move at once, send it, and undo it if the server refuses. */
export interface PlannedMove {
  /** The card as it was before the move (restored by `undoMove`). */
  original: DealCard;
  /** The card as shown during the move. */
  moved: DealCard;
  fromStageId: string;
  fromIndex: number;
  toStageId: string;
  toIndex: number;
  body: DealMoveBody;
  version: number;
}

function findCard(board: Board, dealId: string): { column: BoardColumn; index: number } | null {
  for (const column of board.columns) {
    const index = column.cards.findIndex((card) => card.id === dealId);
    if (index >= 0) return { column, index };
  }
  return null;
}

/** The card as it will read in its new column: a new stage sets status, probability and freshness. */
function enterColumn(card: DealCard, column: BoardColumn): DealCard {
  if (card.stage.id === column.stage.id) return card;
  const { stage } = column;
  const probability = card.probability_overridden ? card.probability : stage.probability;
  return {
    ...card,
    stage: { id: stage.id, name: stage.name, kind: stage.kind },
    status: stage.kind,
    probability,
    weighted_amount: weightedAmount(card.amount, probability, card.currency),
    is_stale: false,
  };
}

// A column's totals include every matching deal, loaded or not: moving one card shifts its
// amounts from one header to the other, exactly as the server will count it afterwards.
function withoutCard(column: BoardColumn, index: number, currency: string): BoardColumn {
  const card = column.cards[index]!;
  return {
    ...column,
    cards: column.cards.filter((_, i) => i !== index),
    count: column.count - 1,
    amount_sum: subtractMoney(column.amount_sum, card.amount),
    weighted_sum: subtractMoney(column.weighted_sum, card.weighted_amount),
    other_currency_count: column.other_currency_count - (card.currency === currency ? 0 : 1),
  };
}

function withCard(column: BoardColumn, card: DealCard, index: number, currency: string): BoardColumn {
  const cards = [...column.cards];
  cards.splice(Math.max(0, Math.min(index, cards.length)), 0, card);
  return {
    ...column,
    cards,
    count: column.count + 1,
    amount_sum: addMoney(column.amount_sum, card.amount),
    weighted_sum: addMoney(column.weighted_sum, card.weighted_amount),
    other_currency_count: column.other_currency_count + (card.currency === currency ? 0 : 1),
  };
}

/** Removes the card wherever it is and puts `card` at `index` of `stageId`, sums adjusted. */
function place(board: Board, dealId: string, stageId: string, index: number, card: DealCard): Board {
  const found = findCard(board, dealId);
  let columns = board.columns;
  if (found) {
    columns = columns.map((column) =>
      column.stage.id === found.column.stage.id ? withoutCard(column, found.index, board.currency) : column,
    );
  }
  columns = columns.map((column) => (column.stage.id === stageId ? withCard(column, card, index, board.currency) : column));
  return { ...board, columns };
}

/**
 * The move a drop asks for, or null when it changes nothing (dropped where it was) or names a
 * card or column the board does not hold. The body names the card's new neighbour: the card
 * below it when there is one, else the card above (so a drop below the last LOADED card of a long
 * column lands there, not at the end of cards not loaded yet), else neither (an empty column).
 */
export function planMove(board: Board, target: MoveTarget): PlannedMove | null {
  const found = findCard(board, target.dealId);
  const column = board.columns.find((c) => c.stage.id === target.toStageId);
  if (!found || !column) return null;
  const sameColumn = found.column.stage.id === column.stage.id;
  const rest = sameColumn ? found.column.cards.filter((c) => c.id !== target.dealId) : column.cards;
  const toIndex = Math.max(0, Math.min(target.toIndex, rest.length));
  if (sameColumn && toIndex === found.index) return null;
  const original = found.column.cards[found.index]!;
  const below = rest[toIndex];
  const above = rest[toIndex - 1];
  const body: DealMoveBody = { stage_id: column.stage.id };
  if (below) body.before_id = below.id;
  else if (above) body.after_id = above.id;
  return {
    original,
    moved: enterColumn(original, column),
    fromStageId: found.column.stage.id,
    fromIndex: found.index,
    toStageId: column.stage.id,
    toIndex,
    body,
    version: original.version,
  };
}

/** The board as it looks once the planned move is done (the optimistic update). */
export function applyMove(board: Board, move: PlannedMove): Board {
  return place(board, move.original.id, move.toStageId, move.toIndex, move.moved);
}

/**
 * The board with the card back where it was, as it was (rollback after a refusal). Works from the
 * current board rather than a snapshot, so cards loaded or moved meanwhile are kept.
 */
export function undoMove(board: Board, move: PlannedMove): Board {
  return place(board, move.original.id, move.fromStageId, move.fromIndex, move.original);
}

/**
 * The server's answer in place of the optimistic card (new version, exact weighted amount); the
 * column's weighted sum takes the difference if our estimate differed.
 */
export function replaceCard(board: Board, card: DealCard): Board {
  const found = findCard(board, card.id);
  if (!found) return board;
  return {
    ...board,
    columns: board.columns.map((column) => {
      if (column.stage.id !== found.column.stage.id) return column;
      const shown = column.cards[found.index]!;
      return {
        ...column,
        cards: column.cards.map((c, i) => (i === found.index ? card : c)),
        amount_sum: addMoney(subtractMoney(column.amount_sum, shown.amount), card.amount),
        weighted_sum: addMoney(subtractMoney(column.weighted_sum, shown.weighted_amount), card.weighted_amount),
      };
    }),
  };
}

/** A further page of one column, appended (cards already shown are not repeated). */
export function appendCards(board: Board, stageId: string, cards: DealCard[], nextCursor: string | null): Board {
  return {
    ...board,
    columns: board.columns.map((column) => {
      if (column.stage.id !== stageId) return column;
      const seen = new Set(column.cards.map((c) => c.id));
      return { ...column, cards: [...column.cards, ...cards.filter((c) => !seen.has(c.id))], next_cursor: nextCursor };
    }),
  };
}

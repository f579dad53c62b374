import { useMemo } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { toast } from "sonner";
import type { operations } from "@/client/schema";
import { api, ifMatch } from "@/lib/api";
import { unwrap } from "@/lib/errors";
import { type Board, type PlannedMove, appendCards, applyMove, replaceCard, undoMove } from "../utils/boardMoves";
import { type DealFilters, filterQuery } from "../utils/dealFilters";
import { usePipelines as useAllPipelines } from "@/modules/settings/api/pipelinesApi";

/** Cards per column on the first view and per further page: what makes a 5,000-deal board fast. */
export const BOARD_PAGE = 20;

export interface BoardParams extends DealFilters {
  pipelineId?: string;
}

export const boardKeys = {
  all: ["deals", "board"] as const,
  board: (params: BoardParams, userId: string | undefined) => [...boardKeys.all, params, userId] as const,
  pipelines: ["pipelines"] as const,
};

type BoardKey = ReturnType<typeof boardKeys.board>;

/** The organization's pipelines, the default one first (the same cache as settings). */
export function usePipelines() {
  const query = useAllPipelines();
  const data = useMemo(
    () => query.data && [...query.data].sort((a, b) => Number(b.is_default) - Number(a.is_default) || a.position - b.position),
    [query.data],
  );
  return { ...query, data };
}

// filter[...] keys are not in the generated query type (they are open-ended): the cast only
// widens the type, the values are the board endpoint's documented filter parameters.
type BoardQuery = operations["deals-get_board"]["parameters"]["query"];
type ColumnQuery = operations["deals-get_board_column"]["parameters"]["query"];

/** The board of one pipeline: every column's totals and its first BOARD_PAGE cards. */
export function useBoard(params: BoardParams, userId: string | undefined) {
  return useQuery({
    queryKey: boardKeys.board(params, userId),
    queryFn: async ({ signal }) => {
      const query = { pipeline_id: params.pipelineId, limit: BOARD_PAGE, ...filterQuery(params, userId) } as BoardQuery;
      return unwrap(await api.GET("/api/v1/deals/board", { params: { query }, signal })).data;
    },
    // Filtering keeps the columns on screen while the new board loads; a new pipeline shows skeletons.
    placeholderData: (previous, query) =>
      (query?.queryKey[2] as BoardParams | undefined)?.pipelineId === params.pipelineId ? keepPreviousData(previous) : undefined,
  });
}

/** Loads the next page of one column into the board's cache. */
export function useLoadMoreColumn(key: BoardKey) {
  const queryClient = useQueryClient();
  const [, , params, userId] = key;
  return useCallback(
    async (stageId: string, cursor: string) => {
      const query = { cursor, limit: BOARD_PAGE, ...filterQuery(params, userId) };
      const page = unwrap(
        await api.GET("/api/v1/deals/board/columns/{stage_id}", {
          params: { path: { stage_id: stageId }, query: query as ColumnQuery },
        }),
      );
      queryClient.setQueryData<Board>(key, (board) => board && appendCards(board, stageId, page.data, page.meta.next_cursor));
    },
    [queryClient, key, params, userId],
  );
}

/**
 * Moves a card: the board changes at once, the server is asked with the card's version, and the
 * answer (new version) replaces the card; a refusal puts the card back and says why.
 */
export function useMoveDeal(key: BoardKey) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (move: PlannedMove) =>
      unwrap(
        await api.POST("/api/v1/deals/{deal_id}/move", {
          params: { path: { deal_id: move.original.id } },
          body: move.body,
          headers: ifMatch(move.version),
        }),
      ).data,
    onMutate: async (move) => {
      // A board request in flight would overwrite the optimistic state with the old one.
      await queryClient.cancelQueries({ queryKey: key });
      queryClient.setQueryData<Board>(key, (board) => board && applyMove(board, move));
    },
    onError: (error, move) => {
      queryClient.setQueryData<Board>(key, (board) => board && undoMove(board, move));
      toast.error(`"${move.original.name}" was not moved`, { description: error.message });
    },
    onSuccess: (card) => {
      queryClient.setQueryData<Board>(key, (board) => board && replaceCard(board, card));
      // The deal's own page and the list read the new stage next time they are shown.
      void queryClient.invalidateQueries({ queryKey: ["deals"], predicate: (q) => q.queryKey[1] !== "board" });
    },
  });
}

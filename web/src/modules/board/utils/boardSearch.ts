import type { BoardParams } from "../api/boardApi";
import { dealFiltersFromSearch } from "./dealFilters";

/** The board's URL search (`?pipelineId=<id>&owner=me&status=open&q=`), so a board can be shared and reloaded. */
export function boardSearch(search: Record<string, unknown>): BoardParams {
  return {
    ...dealFiltersFromSearch(search),
    ...(typeof search.pipelineId === "string" && search.pipelineId ? { pipelineId: search.pipelineId } : {}),
  };
}

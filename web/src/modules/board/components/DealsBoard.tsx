import {
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  closestCorners,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { Link, useRouter } from "@tanstack/react-router";
import { HandCoins, KanbanSquare, List } from "lucide-react";
import { useCallback, useMemo, useRef, useState } from "react";
import { usePermission } from "@/lib/permissions";
import { useSession } from "@/lib/session";
import { buttonVariants } from "@/ui/Button";
import { EmptyState } from "@/ui/EmptyState";
import { type BoardParams, boardKeys, useBoard, useLoadMoreColumn, useMoveDeal, usePipelines } from "../api/boardApi";
import { boardKeyboardCoordinates } from "../utils/boardKeyboard";
import { type Board, type DealCard, type MoveTarget, planMove } from "../utils/boardMoves";
import type { DealFilters } from "../utils/dealFilters";
import { BoardColumnView } from "./BoardColumnView";
import { BoardSkeleton } from "./BoardSkeleton";
import { DealCardBody } from "./DealCardBody";
import { DealFilterBar } from "./DealFilterBar";

export interface DealsBoardProps {
  params: BoardParams;
  onParamsChange: (params: BoardParams) => void;
}

/** Where a drop lands: before the card it is over (after it in the card's lower half), or a column's end. */
function dropTarget(board: Board, event: DragEndEvent): MoveTarget | null {
  const { active, over } = event;
  if (!over) return null;
  const stageId = over.data.current?.stageId as string | undefined;
  const column = board.columns.find((c) => c.stage.id === stageId);
  if (!column) return null;
  const dealId = String(active.id);
  if (String(over.id).startsWith("column:")) return { dealId, toStageId: column.stage.id, toIndex: column.cards.length };
  let toIndex = column.cards.findIndex((card) => card.id === over.id);
  const sameColumn = column.cards.some((card) => card.id === dealId);
  const dragged = active.rect.current.translated;
  if (!sameColumn && dragged && dragged.top + dragged.height / 2 > over.rect.top + over.rect.height / 2) toIndex += 1;
  return { dealId, toStageId: column.stage.id, toIndex };
}

/** The deals of one pipeline as a kanban: filters, totals per stage, drag and drop to move. */
export function DealsBoard({ params, onParamsChange }: DealsBoardProps) {
  const session = useSession();
  const userId = session?.user.id;
  const router = useRouter();
  const pipelines = usePipelines();
  const board = useBoard(params, userId);
  const key = useMemo(() => boardKeys.board(params, userId), [params, userId]);
  const loadMore = useLoadMoreColumn(key);
  const move = useMoveDeal(key);
  const mayUpdate = usePermission("deal", "update");
  const mayCreate = usePermission("deal", "create")();
  const [dragged, setDragged] = useState<DealCard | null>(null);
  const stageIds = useRef<readonly string[]>([]);
  stageIds.current = board.data?.columns.map((column) => column.stage.id) ?? [];
  const [keyboardCoordinates] = useState(() => boardKeyboardCoordinates(() => stageIds.current));

  const sensors = useSensors(
    // A few pixels of travel before a drag starts, so a click still opens the deal.
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    // Enter opens the deal; Space picks up and drops; Left/Right change stage, Up/Down the place.
    useSensor(KeyboardSensor, {
      coordinateGetter: keyboardCoordinates,
      keyboardCodes: { start: ["Space"], cancel: ["Escape"], end: ["Space"] },
    }),
  );

  const onOpen = useCallback((dealId: string) => router.history.push(`/deals/${dealId}`), [router]);
  const isLocked = useCallback((ownerId: string | null) => !mayUpdate(ownerId), [mayUpdate]);
  const setFilters = useCallback((filters: DealFilters) => onParamsChange({ ...filters, pipelineId: params.pipelineId }), [
    onParamsChange,
    params.pipelineId,
  ]);

  if (board.isError) throw board.error;
  const data = board.data;
  const cardById = (id: string) => data?.columns.flatMap((c) => c.cards).find((card) => card.id === id);
  const nameOf = (id: string | number) => cardById(String(id))?.name ?? "The deal";
  const stageOf = (stageId: unknown) => data?.columns.find((c) => c.stage.id === stageId)?.stage.name ?? "a stage";

  const onDragStart = (event: DragStartEvent) => setDragged(cardById(String(event.active.id)) ?? null);
  const onDragEnd = (event: DragEndEvent) => {
    setDragged(null);
    if (!data) return;
    const target = dropTarget(data, event);
    const planned = target && planMove(data, target);
    if (planned) move.mutate(planned);
  };

  const filtered = Boolean(params.q || params.owner || params.status);
  const empty = data && data.columns.every((column) => column.count === 0);
  const pipelineId = params.pipelineId ?? data?.pipeline_id ?? "";

  return (
    <div className="flex h-full min-h-0 flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">Deals</h1>
        <label className="flex items-center gap-1.5 text-sm text-muted-fg">
          <span className="sr-only">Pipeline</span>
          <select
            aria-label="Pipeline"
            className="h-9 rounded-md border border-input bg-bg px-2 text-sm font-medium text-fg outline-none focus-visible:ring-2 focus-visible:ring-accent"
            value={pipelineId}
            disabled={!pipelines.data}
            onChange={(e) => onParamsChange({ ...params, pipelineId: e.target.value })}
          >
            {!pipelines.data && <option value={pipelineId}>Loading pipelines…</option>}
            {pipelines.data?.map((pipeline) => (
              <option key={pipeline.id} value={pipeline.id}>
                {pipeline.name}
                {pipeline.is_default ? " (default)" : ""}
              </option>
            ))}
          </select>
        </label>
        <nav aria-label="Deals view" className="ml-auto flex rounded-md border border-border p-0.5">
          <span aria-current="page" className={buttonVariants({ variant: "secondary", size: "sm", className: "border-0 bg-muted" })}>
            <KanbanSquare className="h-4 w-4" aria-hidden /> Board
          </span>
          <Link to="/deals" search={params.q ? { q: params.q } : {}} className={buttonVariants({ variant: "ghost", size: "sm" })}>
            <List className="h-4 w-4" aria-hidden /> List
          </Link>
        </nav>
      </div>
      <DealFilterBar filters={params} onChange={setFilters} />

      {!data ? (
        <BoardSkeleton />
      ) : empty && !filtered ? (
        <EmptyState
          icon={HandCoins}
          title="No deals in this pipeline yet"
          action={
            mayCreate ? (
              <Link to="/deals" className={buttonVariants()}>
                Create a deal
              </Link>
            ) : undefined
          }
        >
          A deal is an opportunity you are working to win: give it an amount and an expected close date, and it appears here
          in its stage. Drag it from stage to stage as it progresses; each column adds up what it is worth.
        </EmptyState>
      ) : (
        <DndContext
          sensors={sensors}
          collisionDetection={closestCorners}
          onDragStart={onDragStart}
          onDragEnd={onDragEnd}
          onDragCancel={() => setDragged(null)}
          accessibility={{
            announcements: {
              onDragStart: ({ active }) => `Picked up ${nameOf(active.id)}.`,
              onDragOver: ({ active, over }) => (over ? `${nameOf(active.id)} is over ${stageOf(over.data.current?.stageId)}.` : undefined),
              onDragEnd: ({ active, over }) =>
                over ? `${nameOf(active.id)} was dropped in ${stageOf(over.data.current?.stageId)}.` : `${nameOf(active.id)} was dropped.`,
              onDragCancel: ({ active }) => `Moving ${nameOf(active.id)} was cancelled.`,
            },
          }}
        >
          {empty && <p className="text-sm text-muted-fg">No deal matches these filters. Clear some to see more.</p>}
          <div className="flex min-h-0 flex-1 gap-3 overflow-x-auto pb-2" data-testid="deals-board" aria-busy={board.isFetching}>
            {data.columns.map((column) => (
              <BoardColumnView
                key={column.stage.id}
                column={column}
                currency={data.currency}
                isLocked={isLocked}
                onOpen={onOpen}
                onLoadMore={loadMore}
              />
            ))}
          </div>
          <DragOverlay>{dragged ? <DealCardBody card={dragged} lifted /> : null}</DragOverlay>
        </DndContext>
      )}
    </div>
  );
}

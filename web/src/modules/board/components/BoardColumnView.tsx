import { useDroppable } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { useEffect, useRef, useState } from "react";
import { cn } from "@/lib/cn";
import { Spinner } from "@/ui/Spinner";
import type { BoardColumn } from "../utils/boardMoves";
import { formatMoney } from "../utils/money";
import { DealCardItem } from "./DealCardItem";

export interface BoardColumnViewProps {
  column: BoardColumn;
  currency: string;
  isLocked: (ownerId: string | null) => boolean;
  onOpen: (dealId: string) => void;
  onLoadMore: (stageId: string, cursor: string) => Promise<void>;
}

/**
 * One stage: header with count and sums, its cards, and more cards when scrolled to the bottom
 * (only loaded cards are rendered, so a long column costs nothing until it is scrolled).
 */
export function BoardColumnView({ column, currency, isLocked, onOpen, onLoadMore }: BoardColumnViewProps) {
  const { stage } = column;
  const { setNodeRef, isOver } = useDroppable({ id: `column:${stage.id}`, data: { stageId: stage.id } });
  const scroller = useRef<HTMLDivElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);
  const cursor = column.next_cursor;

  useEffect(() => {
    const target = sentinel.current;
    if (!cursor || !target || loading || failed || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        setLoading(true);
        onLoadMore(stage.id, cursor)
          .catch(() => setFailed(true))
          .finally(() => setLoading(false));
      },
      // Start loading a little before the end shows, so scrolling does not stop at a spinner.
      { root: scroller.current, rootMargin: "0px 0px 200px 0px" },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [cursor, loading, failed, onLoadMore, stage.id]);

  const headingId = `column-${stage.id}`;
  return (
    <section aria-labelledby={headingId} className="flex w-72 shrink-0 flex-col rounded-lg bg-muted/60" data-testid="board-column">
      <header className="flex flex-col gap-0.5 border-b border-border px-3 py-2">
        <div className="flex items-center gap-2">
          <h2 id={headingId} className="truncate text-sm font-semibold">
            {stage.name}
          </h2>
          <span className="rounded-full bg-bg px-1.5 text-xs tabular-nums text-muted-fg" aria-label={`${column.count} deals`}>
            {column.count.toLocaleString()}
          </span>
          <span className="ml-auto text-xs text-muted-fg">{stage.probability}%</span>
        </div>
        <div className="flex items-baseline gap-2 text-xs tabular-nums text-muted-fg">
          <span className="font-medium text-fg" title="Sum of amounts">
            {formatMoney(column.amount_sum, currency, { whole: true })}
          </span>
          <span title="Weighted by probability">weighted {formatMoney(column.weighted_sum, currency, { whole: true })}</span>
          {column.other_currency_count > 0 && (
            <span className="text-danger" title={`${column.other_currency_count} deals in another currency are added as they are`}>
              mixed
            </span>
          )}
        </div>
      </header>
      <div ref={scroller} className="flex-1 overflow-y-auto p-2">
        <div
          ref={setNodeRef}
          className={cn("flex min-h-24 flex-col gap-2 rounded-md transition-colors", isOver && "bg-accent/10")}
        >
          <SortableContext items={column.cards.map((card) => card.id)} strategy={verticalListSortingStrategy}>
            {column.cards.map((card) => (
              <DealCardItem key={card.id} card={card} locked={isLocked(card.owner?.id ?? null)} onOpen={onOpen} />
            ))}
          </SortableContext>
          {column.cards.length === 0 && !cursor && (
            <p className="px-2 py-6 text-center text-xs text-muted-fg">No deals in this stage. Drop one here.</p>
          )}
        </div>
        {cursor && (
          <div ref={sentinel} className="flex justify-center py-2 text-xs text-muted-fg">
            {failed ? (
              <button type="button" className="underline" onClick={() => setFailed(false)}>
                Could not load more. Retry
              </button>
            ) : (
              <Spinner className="h-4 w-4" />
            )}
          </div>
        )}
      </div>
    </section>
  );
}

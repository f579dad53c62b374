import { Skeleton } from "@/ui/Skeleton";

const COLUMNS = 5;
const CARDS = [3, 5, 2, 4, 1];

/** Grey columns and cards in the board's shape while it loads, so nothing jumps when it arrives. */
export function BoardSkeleton() {
  return (
    <div className="flex gap-3 overflow-hidden" role="status" aria-label="Loading the board">
      {Array.from({ length: COLUMNS }, (_, i) => (
        <div key={i} className="flex w-72 shrink-0 flex-col gap-2 rounded-lg bg-muted/60 p-3">
          <Skeleton className="h-4 w-28" />
          <Skeleton className="h-3 w-40" />
          {Array.from({ length: CARDS[i]! }, (_, j) => (
            <Skeleton key={j} className="h-20 w-full bg-bg" />
          ))}
        </div>
      ))}
    </div>
  );
}

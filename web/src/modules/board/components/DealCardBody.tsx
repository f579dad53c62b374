import { AlarmClock, Building2, CalendarDays } from "lucide-react";
import { cn } from "@/lib/cn";
import type { DealCard } from "../utils/boardMoves";
import { formatMoney } from "../utils/money";

export interface DealCardBodyProps {
  card: DealCard;
  /** Lifted look while dragged (the overlay copy). */
  lifted?: boolean;
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "") + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "")).toUpperCase() || "?";
}

// "2025-03-14" is a calendar date: read it as local, or it may show as the 13th west of UTC.
function formatDate(text: string): string {
  const [y, m, d] = text.split("-").map(Number);
  return new Date(y!, (m ?? 1) - 1, d ?? 1).toLocaleDateString(undefined, { day: "numeric", month: "short" });
}

/** What a card shows: name, amount, company, owner, close date, probability, and the stale flag. */
export function DealCardBody({ card, lifted }: DealCardBodyProps) {
  return (
    <div
      className={cn(
        "flex flex-col gap-1.5 rounded-md border border-border bg-bg p-2.5 text-sm shadow-xs",
        card.is_stale && "border-l-4 border-l-danger",
        lifted && "rotate-1 shadow-lg ring-2 ring-accent",
      )}
    >
      <div className="flex items-start gap-2">
        <span className="line-clamp-2 flex-1 font-medium">{card.name}</span>
        {card.owner && (
          <span
            className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-muted text-[10px] font-semibold text-muted-fg"
            title={card.owner.full_name}
          >
            <span aria-hidden>{initials(card.owner.full_name)}</span>
            <span className="sr-only">owner {card.owner.full_name}</span>
          </span>
        )}
      </div>
      <div className="flex items-center gap-2">
        <span className="font-semibold tabular-nums">{formatMoney(card.amount, card.currency)}</span>
        <span className="ml-auto text-xs text-muted-fg tabular-nums" title="Probability">
          {card.probability}%
        </span>
      </div>
      {card.company && (
        <span className="flex items-center gap-1 truncate text-xs text-muted-fg">
          <Building2 className="h-3 w-3 shrink-0" aria-hidden />
          {card.company.name}
        </span>
      )}
      {(card.expected_close_date || card.is_stale) && (
        <div className="flex items-center gap-2 text-xs text-muted-fg">
          {card.expected_close_date && (
            <span className="flex items-center gap-1" title="Expected close date">
              <CalendarDays className="h-3 w-3" aria-hidden />
              {formatDate(card.expected_close_date)}
            </span>
          )}
          {card.is_stale && (
            <span className="ml-auto flex items-center gap-1 font-medium text-danger">
              <AlarmClock className="h-3 w-3" aria-hidden />
              Stale
            </span>
          )}
        </div>
      )}
    </div>
  );
}

import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import type { KeyboardEvent } from "react";
import { cn } from "@/lib/cn";
import type { DealCard } from "../utils/boardMoves";
import { DealCardBody } from "./DealCardBody";

export interface DealCardItemProps {
  card: DealCard;
  /** The role may not change this deal: it opens, but does not drag. */
  locked: boolean;
  onOpen: (dealId: string) => void;
}

/**
 * A card on the board: focusable, opened by click or Enter, dragged with the pointer or picked up
 * with Space (arrows move it, Space drops, Escape cancels: dnd-kit's keyboard sensor). It is named
 * by what it shows (name, owner, amount, probability, company, dates), so what is read is what is seen.
 */
export function DealCardItem({ card, locked, onOpen }: DealCardItemProps) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: card.id,
    data: { stageId: card.stage.id },
    disabled: locked,
  });
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Enter" && !isDragging) {
      event.preventDefault();
      onOpen(card.id);
      return;
    }
    listeners?.onKeyDown?.(event);
  };
  return (
    <div
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      {...attributes}
      {...listeners}
      onKeyDown={onKeyDown}
      tabIndex={0}
      aria-roledescription={locked ? "deal" : "draggable deal"}
      data-testid="deal-card"
      onClick={() => onOpen(card.id)}
      className={cn(
        "cursor-pointer rounded-md outline-none focus-visible:ring-2 focus-visible:ring-accent",
        !locked && "active:cursor-grabbing",
        isDragging && "opacity-40",
      )}
    >
      <DealCardBody card={card} />
    </div>
  );
}

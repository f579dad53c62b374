import { type KeyboardCoordinateGetter, KeyboardCode } from "@dnd-kit/core";
import { sortableKeyboardCoordinates } from "@dnd-kit/sortable";

/**
 * Where the arrow keys take a deal picked up with Space: Left and Right to the previous or next
 * stage's column (the card lands at its top), Up and Down among the cards of a column.
 *
 * dnd-kit's sortable getter picks "the closest droppable to the right", which can be the card's own
 * column when the lifted card sits a fraction of a pixel left of it: the first press did nothing.
 */
export function boardKeyboardCoordinates(stageIds: () => readonly string[]): KeyboardCoordinateGetter {
  return (event, args) => {
    const step = event.code === KeyboardCode.Right ? 1 : event.code === KeyboardCode.Left ? -1 : 0;
    if (step === 0) return sortableKeyboardCoordinates(event, args);
    event.preventDefault();
    const { active, over, droppableRects } = args.context;
    const current = (over?.data.current?.stageId ?? active?.data.current?.stageId) as string | undefined;
    const ids = stageIds();
    const next = current === undefined ? undefined : ids[ids.indexOf(current) + step];
    const rect = next === undefined ? undefined : droppableRects.get(`column:${next}`);
    return rect ? { x: rect.left, y: rect.top } : undefined;
  };
}

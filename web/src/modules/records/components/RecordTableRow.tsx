import { FlexRender, type Row, tableFeatures } from "@tanstack/react-table";
import { memo } from "react";
import type { RecordRow } from "../utils/kinds";

export const recordTableFeatures = tableFeatures({});
export type RecordTableRowModel = Row<typeof recordTableFeatures, RecordRow>;

export interface RecordTableRowProps {
  row: RecordTableRowModel;
  /** The column definitions the cells are rendered with: when they change, the row renders again. */
  columnDefs: unknown;
  /** The row's place in the whole list (0 is the first row). */
  index: number;
  top: number;
  height: number;
  selectWidth: number;
  columnWidth: number;
  label: string;
  selected: boolean;
  onToggle: (id: string) => void;
}

function RecordTableRowView({ row, index, top, height, selectWidth, columnWidth, label, selected, onToggle }: RecordTableRowProps) {
  return (
    <tr
      aria-rowindex={index + 2}
      aria-selected={selected}
      className="absolute flex w-full items-center border-t border-border hover:bg-muted/60 aria-selected:bg-accent/10"
      style={{ transform: `translateY(${top}px)`, height }}
    >
      <td className="flex items-center px-3" style={{ width: selectWidth }}>
        <input type="checkbox" aria-label={`Select ${label}`} checked={selected} onChange={() => onToggle(row.id)} />
      </td>
      {row.getAllCells().map((cell) => (
        <td key={cell.id} className="flex min-w-0 items-center px-3" style={{ width: columnWidth }}>
          <FlexRender cell={cell} />
        </td>
      ))}
    </tr>
  );
}

/**
 * One row of the list. Scrolling re-renders the table on every frame; a row that stays in view
 * (same record, place, selection and columns) is not rendered again, whatever new Row object the
 * row model made for it.
 */
export const RecordTableRow = memo(
  RecordTableRowView,
  (a, b) =>
    a.row.original === b.row.original &&
    a.columnDefs === b.columnDefs &&
    a.index === b.index &&
    a.top === b.top &&
    a.height === b.height &&
    a.selectWidth === b.selectWidth &&
    a.columnWidth === b.columnWidth &&
    a.label === b.label &&
    a.selected === b.selected &&
    a.onToggle === b.onToggle,
);

import { ArrowDown, ArrowUp } from "lucide-react";
import type { ColumnDef } from "../utils/kinds";

export interface RecordTableHeadProps {
  columns: ColumnDef[];
  selectWidth: number;
  columnWidth: number;
  sort?: string;
  onSortChange: (sort: string) => void;
  allSelected: boolean;
  onToggleAll: () => void;
}

/** The header row: "select every loaded row", and a sort button on each sortable column. */
export function RecordTableHead({ columns, selectWidth, columnWidth, sort, onSortChange, allSelected, onToggleAll }: RecordTableHeadProps) {
  const sortOf = (column: ColumnDef) =>
    !column.sort ? undefined : sort === column.sort ? "ascending" : sort === `-${column.sort}` ? "descending" : "none";
  return (
    <thead className="sticky top-0 z-10 grid bg-muted text-left text-xs uppercase tracking-wide text-muted-fg">
      <tr className="flex" aria-rowindex={1}>
        <th className="flex items-center px-3 py-2" style={{ width: selectWidth }}>
          <input type="checkbox" aria-label="Select every loaded row" checked={allSelected} onChange={onToggleAll} />
        </th>
        {columns.map((column) => {
          const direction = sortOf(column);
          return (
            <th key={column.key} aria-sort={direction} className="flex items-center px-3 py-2 font-medium" style={{ width: columnWidth }}>
              {column.sort ? (
                <button
                  type="button"
                  className="inline-flex items-center gap-1 uppercase hover:text-fg"
                  onClick={() => onSortChange(sort === column.sort ? `-${column.sort}` : column.sort!)}
                >
                  {column.label}
                  {direction === "ascending" && <ArrowUp className="h-3 w-3" aria-hidden />}
                  {direction === "descending" && <ArrowDown className="h-3 w-3" aria-hidden />}
                </button>
              ) : (
                column.label
              )}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

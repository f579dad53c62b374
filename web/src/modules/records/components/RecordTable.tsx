import { Link } from "@tanstack/react-router";
import { type ColumnDef as TableColumnDef, useTable } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { Skeleton } from "@/ui/Skeleton";
import type { ColumnDef, KindConfig, RecordRow } from "../utils/kinds";
import { EditableCell } from "./EditableCell";
import { RecordTableHead } from "./RecordTableHead";
import { RecordTableRow, recordTableFeatures as features } from "./RecordTableRow";

const ROW_HEIGHT = 40;
const SELECT_WIDTH = 44;
const COLUMN_WIDTH = 200;
const getRowId = (row: RecordRow) => row.id;

export interface RecordTableProps {
  config: KindConfig;
  columns: ColumnDef[];
  /** Rows known so far; `rowAt` answers undefined for those whose page is still coming. */
  rowCount: number;
  rowAt: (index: number) => RecordRow | undefined;
  /** The list goes on past `rowCount`: a loading row stands there until the next page comes. */
  hasMore: boolean;
  /** The rows of the pages in view, which "select every loaded row" selects. */
  loadedRows: () => RecordRow[];
  /** Told the first and last row in view (with overscan), so the list fetches their pages. */
  onRowsShown: (start: number, end: number) => void;
  /** The whole list's size when the API counted it, for assistive technology. */
  total: number | null;
  isPending: boolean;
  sort?: string;
  onSortChange: (sort: string) => void;
  selected: ReadonlySet<string>;
  onSelectedChange: (next: Set<string>) => void;
  onSaveCell?: (row: RecordRow, field: string, value: string | number | null) => Promise<void>;
}

/**
 * The list's rows, virtualised: only the rows in view are in the DOM and in the table's row model,
 * and the list fetches the pages of the rows in view, so row 100,000 costs what row 100 does.
 */
export function RecordTable(props: RecordTableProps) {
  const { config, columns, rowCount, rowAt, hasMore, isPending, onRowsShown, selected, onSaveCell } = props;
  const scrollRef = useRef<HTMLDivElement>(null);

  const tableColumns = useMemo<TableColumnDef<typeof features, RecordRow>[]>(
    () =>
      columns.map((column) => ({
        id: column.key,
        header: column.label,
        cell: ({ row }: { row: { original: RecordRow } }) =>
          column.key === config.nameColumn ? (
            <Link to={`/${config.plural}/${row.original.id}` as string} className="truncate font-medium text-accent hover:underline">
              {column.value(row.original)}
            </Link>
          ) : (
            <EditableCell row={row.original} column={column} onSave={onSaveCell} />
          ),
      })),
    [columns, config.nameColumn, config.plural, onSaveCell],
  );

  const virtualizer = useVirtualizer({
    count: isPending ? 0 : rowCount + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // Rows rendered beyond each edge of the view: enough for a fast wheel, few enough that a
    // two-screen jump renders one short task (docs/performance.md, "The scroll").
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;
  useEffect(() => onRowsShown(firstIndex, lastIndex), [firstIndex, lastIndex, onRowsShown]);

  // The row model holds the rows in view only: built over every loaded row, it cost O(rows)
  // allocations per fetched page, and the garbage collector's pauses grew with them.
  const inView = items.map((item) => rowAt(item.index));
  const data = inView.filter((row): row is RecordRow => row !== undefined);
  const table = useTable({ features, columns: tableColumns, data, getRowId });
  const rowsById = new Map(table.getRowModel().rows.map((row) => [row.id, row]));

  const loaded = props.loadedRows();
  const allSelected = loaded.length > 0 && loaded.every((row) => selected.has(row.id));
  const toggleAll = () => props.onSelectedChange(allSelected ? new Set() : new Set(loaded.map((row) => row.id)));
  // Stable, so that ticking one row does not render every other row again.
  const selection = useRef({ selected, onSelectedChange: props.onSelectedChange });
  selection.current = { selected, onSelectedChange: props.onSelectedChange };
  const toggle = useCallback((id: string) => {
    const next = new Set(selection.current.selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    selection.current.onSelectedChange(next);
  }, []);

  const skeletonCells = (className: string) => (
    <>
      <td style={{ width: SELECT_WIDTH }} />
      {columns.map((column) => (
        <td key={column.key} className={className} style={{ width: COLUMN_WIDTH }}>
          <Skeleton className="h-4 w-28" />
        </td>
      ))}
    </>
  );

  return (
    <div ref={scrollRef} className="h-[calc(100vh-14rem)] min-h-80 overflow-auto rounded-lg border border-border" data-testid="record-table">
      <table className="grid text-sm" style={{ width: SELECT_WIDTH + columns.length * COLUMN_WIDTH }} aria-rowcount={(props.total ?? rowCount) + 1}>
        <RecordTableHead
          columns={columns}
          selectWidth={SELECT_WIDTH}
          columnWidth={COLUMN_WIDTH}
          sort={props.sort}
          onSortChange={props.onSortChange}
          allSelected={allSelected}
          onToggleAll={toggleAll}
        />
        <tbody className="relative grid" style={{ height: isPending ? undefined : virtualizer.getTotalSize() }}>
          {isPending &&
            Array.from({ length: 8 }, (_, i) => (
              <tr key={i} className="flex border-t border-border" data-testid="skeleton-row">
                {skeletonCells("px-3 py-3")}
              </tr>
            ))}
          {items.map((item, i) => {
            const original = inView[i];
            const row = original && rowsById.get(original.id);
            const common = { "aria-rowindex": item.index + 2, style: { transform: `translateY(${item.start}px)`, height: ROW_HEIGHT } };
            if (item.index >= rowCount) {
              return (
                <tr key="loader" {...common} className="absolute flex w-full items-center px-3 text-muted-fg">
                  <td>Loading more…</td>
                </tr>
              );
            }
            if (!row) {
              // A page scrolled back into view after it left the cache: its rows are coming.
              return (
                <tr key={`pending-${item.index}`} {...common} aria-busy className="absolute flex w-full items-center border-t border-border">
                  {skeletonCells("px-3")}
                </tr>
              );
            }
            return (
              <RecordTableRow
                key={row.id}
                row={row}
                columnDefs={tableColumns}
                index={item.index}
                top={item.start}
                height={ROW_HEIGHT}
                selectWidth={SELECT_WIDTH}
                columnWidth={COLUMN_WIDTH}
                label={String(row.original[config.nameColumn] ?? row.id)}
                selected={selected.has(row.id)}
                onToggle={toggle}
              />
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

import { Link } from "@tanstack/react-router";
import { type ColumnDef as TableColumnDef, tableFeatures, useTable } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { ArrowDown, ArrowUp } from "lucide-react";
import { useEffect, useMemo, useRef } from "react";
import { Skeleton } from "@/ui/Skeleton";
import type { ColumnDef, KindConfig, RecordRow } from "../utils/kinds";
import { EditableCell } from "./EditableCell";

const features = tableFeatures({});
const ROW_HEIGHT = 40;
const SELECT_WIDTH = 44;
const COLUMN_WIDTH = 200;

export interface RecordTableProps {
  config: KindConfig;
  columns: ColumnDef[];
  rows: RecordRow[];
  isPending: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
  sort?: string;
  onSortChange: (sort: string) => void;
  selected: ReadonlySet<string>;
  onSelectedChange: (next: Set<string>) => void;
  onSaveCell?: (row: RecordRow, field: string, value: string | number | null) => Promise<void>;
}

/**
 * The list's rows, virtualised: only the rows in view are in the DOM, and the next keyset page
 * is fetched when the last loaded row scrolls near, so 100,000 rows scroll like 100.
 */
export function RecordTable(props: RecordTableProps) {
  const { config, columns, rows, isPending, hasNextPage, isFetchingNextPage, fetchNextPage, sort, selected } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const { onSaveCell } = props;

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
  const table = useTable({ features, columns: tableColumns, data: rows, getRowId: (row: RecordRow) => row.id });
  const tableRows = table.getRowModel().rows;

  const virtualizer = useVirtualizer({
    count: hasNextPage ? tableRows.length + 1 : tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? -1;

  // Ask for the next page once the loader row (one past the last loaded row) comes into view.
  useEffect(() => {
    if (lastIndex >= tableRows.length - 1 && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [lastIndex, tableRows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const width = SELECT_WIDTH + columns.length * COLUMN_WIDTH;
  const allSelected = rows.length > 0 && rows.every((row) => selected.has(row.id));
  const toggleAll = () => props.onSelectedChange(allSelected ? new Set() : new Set(rows.map((row) => row.id)));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    props.onSelectedChange(next);
  };
  const sortOf = (column: ColumnDef) =>
    !column.sort ? undefined : sort === column.sort ? "ascending" : sort === `-${column.sort}` ? "descending" : "none";

  return (
    <div ref={scrollRef} className="h-[calc(100vh-14rem)] min-h-80 overflow-auto rounded-lg border border-border" data-testid="record-table">
      <table className="grid text-sm" style={{ width }} aria-rowcount={rows.length + 1}>
        <thead className="sticky top-0 z-10 grid bg-muted text-left text-xs uppercase tracking-wide text-muted-fg">
          <tr className="flex">
            <th className="flex items-center px-3 py-2" style={{ width: SELECT_WIDTH }}>
              <input type="checkbox" aria-label="Select every loaded row" checked={allSelected} onChange={toggleAll} />
            </th>
            {columns.map((column) => {
              const direction = sortOf(column);
              return (
                <th key={column.key} aria-sort={direction} className="flex items-center px-3 py-2 font-medium" style={{ width: COLUMN_WIDTH }}>
                  {column.sort ? (
                    <button
                      type="button"
                      className="inline-flex items-center gap-1 uppercase hover:text-fg"
                      onClick={() => props.onSortChange(sort === column.sort ? `-${column.sort}` : column.sort!)}
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
        <tbody className="relative grid" style={{ height: isPending ? undefined : virtualizer.getTotalSize() }}>
          {isPending &&
            Array.from({ length: 8 }, (_, i) => (
              <tr key={i} className="flex border-t border-border" data-testid="skeleton-row">
                <td style={{ width: SELECT_WIDTH }} />
                {columns.map((column) => (
                  <td key={column.key} className="px-3 py-3" style={{ width: COLUMN_WIDTH }}>
                    <Skeleton className="h-4 w-28" />
                  </td>
                ))}
              </tr>
            ))}
          {items.map((item) => {
            const row = tableRows[item.index];
            const style = { transform: `translateY(${item.start}px)`, height: ROW_HEIGHT };
            if (!row) {
              return (
                <tr key="loader" className="absolute flex w-full items-center px-3 text-muted-fg" style={style}>
                  <td>Loading more…</td>
                </tr>
              );
            }
            const isSelected = selected.has(row.id);
            return (
              <tr
                key={row.id}
                aria-selected={isSelected}
                className="absolute flex w-full items-center border-t border-border hover:bg-muted/60 aria-selected:bg-accent/10"
                style={style}
              >
                <td className="flex items-center px-3" style={{ width: SELECT_WIDTH }}>
                  <input
                    type="checkbox"
                    aria-label={`Select ${String(row.original[config.nameColumn] ?? row.id)}`}
                    checked={isSelected}
                    onChange={() => toggle(row.id)}
                  />
                </td>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className="flex min-w-0 items-center px-3" style={{ width: COLUMN_WIDTH }}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

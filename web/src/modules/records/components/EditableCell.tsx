import { useState } from "react";
import { cn } from "@/lib/cn";
import type { ColumnDef, RecordRow } from "../utils/kinds";

export interface EditableCellProps {
  row: RecordRow;
  column: ColumnDef;
  /** Absent when the caller may not change this record. */
  onSave?: (row: RecordRow, field: string, value: string | number | null) => Promise<void>;
}

/** A cell that turns into an input on double-click or Enter; Enter or leaving saves, Escape cancels. */
export function EditableCell({ row, column, onSave }: EditableCellProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const shown = column.value(row);
  const edit = column.edit;
  if (!edit || !onSave) return <span className="truncate">{shown}</span>;

  const start = () => setDraft(row[edit.field] == null ? "" : String(row[edit.field]));
  const commit = async () => {
    if (draft === null) return;
    const text = draft.trim();
    setDraft(null);
    const before = row[edit.field] == null ? "" : String(row[edit.field]);
    if (text === before) return;
    const value = text === "" ? null : edit.type === "number" ? Number(text) : text;
    await onSave(row, edit.field, value);
  };

  if (draft !== null) {
    return (
      <input
        autoFocus
        aria-label={`${column.label}`}
        type={edit.type === "number" ? "number" : "text"}
        className="h-7 w-full rounded border border-accent bg-bg px-1.5 text-sm outline-none"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => void commit()}
        onKeyDown={(e) => {
          if (e.key === "Enter") void commit();
          if (e.key === "Escape") setDraft(null);
        }}
      />
    );
  }
  return (
    <button
      type="button"
      title="Double-click or press Enter to edit"
      aria-label={`${column.label}: ${shown}. Press Enter to edit`}
      className={cn("w-full truncate rounded px-1 text-left hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent")}
      onDoubleClick={start}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          start();
        }
      }}
    >
      {shown}
    </button>
  );
}

import { Search } from "lucide-react";
import { useEffect, useState } from "react";
import { Input } from "@/ui/Input";
import type { DealFilters, DealStatusFilter } from "../utils/dealFilters";

export interface DealFilterBarProps {
  filters: DealFilters;
  onChange: (filters: DealFilters) => void;
}

const selectClass =
  "h-9 rounded-md border border-input bg-bg px-2 text-sm outline-none focus-visible:ring-2 focus-visible:ring-accent";

/** Owner, status and search for deals: the same filters, in the URL, on the board and the list. */
export function DealFilterBar({ filters, onChange }: DealFilterBarProps) {
  const [text, setText] = useState(filters.q ?? "");

  // Search as the person types, without a request per keystroke.
  useEffect(() => {
    if (text === (filters.q ?? "")) return;
    const timer = setTimeout(() => onChange({ ...filters, q: text || undefined }), 250);
    return () => clearTimeout(timer);
  }, [text, filters, onChange]);

  return (
    <div className="flex flex-wrap items-center gap-2" role="search" aria-label="Filter deals">
      <div className="relative w-60">
        <Search className="pointer-events-none absolute left-2.5 top-2.5 h-4 w-4 text-muted-fg" aria-hidden />
        <Input aria-label="Search deals" placeholder="Search deals" className="pl-8" value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <label className="flex items-center gap-1.5 text-sm text-muted-fg">
        Owner
        <select
          className={selectClass}
          value={filters.owner ?? "anyone"}
          onChange={(e) => onChange({ ...filters, owner: e.target.value === "me" ? "me" : undefined })}
        >
          <option value="anyone">Anyone</option>
          <option value="me">Me</option>
        </select>
      </label>
      <label className="flex items-center gap-1.5 text-sm text-muted-fg">
        Status
        <select
          className={selectClass}
          value={filters.status ?? "all"}
          onChange={(e) =>
            onChange({ ...filters, status: e.target.value === "all" ? undefined : (e.target.value as DealStatusFilter) })
          }
        >
          <option value="all">All</option>
          <option value="open">Open</option>
          <option value="won">Won</option>
          <option value="lost">Lost</option>
        </select>
      </label>
    </div>
  );
}

import { useNavigate } from "@tanstack/react-router";
import { Search } from "lucide-react";
import { useId, useState } from "react";
import type { components } from "@/client/schema";
import { cn } from "@/lib/cn";
import { useSearch } from "@/modules/search/api/searchApi";
import { useDebounced } from "../hooks/useDebounced";
import { GLOBAL_SEARCH_ID } from "../hooks/useShortcuts";

type Hit = components["schemas"]["SearchHit"];

// Where a hit opens. Record pages do not exist yet for every kind: the list, filtered by the
// hit's title, is the closest useful place until they do.
const LIST_OF: Record<string, string> = { company: "/companies", contact: "/contacts", lead: "/leads", deal: "/deals" };

/** Global search: hits of every record kind as you type; arrows move, Enter opens. */
export function SearchBox() {
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const query = useDebounced(text, 200);
  const search = useSearch(query);
  const hits = search.data ?? [];
  const navigate = useNavigate();
  const listId = useId();

  const openHit = (hit: Hit) => {
    setOpen(false);
    setText("");
    void navigate({ to: LIST_OF[hit.kind] ?? "/", search: { q: hit.title } });
  };

  return (
    <div className="relative w-full max-w-md">
      <Search className="pointer-events-none absolute left-2.5 top-2.5 h-4 w-4 text-muted-fg" aria-hidden />
      <input
        id={GLOBAL_SEARCH_ID}
        role="combobox"
        aria-label="Search"
        aria-expanded={open && hits.length > 0}
        aria-controls={listId}
        placeholder="Search companies, contacts, leads, deals"
        className="h-9 w-full rounded-md border border-border bg-muted pl-8 pr-3 text-sm placeholder:text-muted-fg"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") setActive((i) => Math.min(i + 1, hits.length - 1));
          else if (e.key === "ArrowUp") setActive((i) => Math.max(i - 1, 0));
          else if (e.key === "Escape") setOpen(false);
          else if (e.key === "Enter" && hits[active]) openHit(hits[active]);
        }}
      />
      {open && text.trim() && (
        <ul id={listId} role="listbox" className="absolute z-30 mt-1 w-full overflow-hidden rounded-md border border-border bg-bg shadow-lg">
          {hits.length === 0 && !search.isFetching && <li className="px-3 py-2 text-sm text-muted-fg">Nothing matches "{text}".</li>}
          {hits.map((hit, index) => (
            <li
              key={`${hit.kind}-${hit.id}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={() => openHit(hit)}
              className={cn("flex cursor-pointer items-center justify-between gap-2 px-3 py-2 text-sm", index === active && "bg-muted")}
            >
              <span className="truncate">
                {hit.title}
                {hit.subtitle && <span className="ml-2 text-muted-fg">{hit.subtitle}</span>}
              </span>
              <span className="text-xs capitalize text-muted-fg">{hit.kind}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

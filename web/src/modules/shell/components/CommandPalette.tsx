import { useNavigate } from "@tanstack/react-router";
import { Search } from "lucide-react";
import { Dialog as RadixDialog } from "radix-ui";
import { useEffect, useId, useMemo, useState } from "react";
import { cn } from "@/lib/cn";
import { useReturnFocus } from "@/lib/returnFocus";
import { usePermissions } from "@/lib/permissions";
import { useTheme } from "@/lib/theme";
import { useSignOut } from "@/modules/auth/api/authApi";
import { useSearch } from "@/modules/search/api/searchApi";
import { useDebounced } from "../hooks/useDebounced";
import { CREATE_ACTIONS, type PaletteItem, RECORD_PATH, SCREENS, filterItems } from "../utils/paletteItems";

export interface CommandPaletteProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** Ctrl/Cmd+K: jump to a record or a screen, or run an action. Arrows move, Enter runs, Escape closes. */
export function CommandPalette({ open, onOpenChange }: CommandPaletteProps) {
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const query = useDebounced(text, 200);
  const search = useSearch(open ? query : "");
  const navigate = useNavigate();
  const permissions = usePermissions();
  const [theme, setTheme] = useTheme();
  const signOut = useSignOut();
  const listId = useId();

  useEffect(() => {
    if (!open) setText("");
  }, [open]);

  const items = useMemo(() => {
    const close = (then: () => void) => () => {
      onOpenChange(false);
      then();
    };
    // Only hits of what is typed now: a stale answer (the debounce, kept previous data) must not
    // sit first and be what Enter opens.
    const fresh = text.trim() !== "" && query.trim() === text.trim() && !search.isPlaceholderData;
    const records: PaletteItem[] = fresh
      ? (search.data ?? [])
          .filter((hit) => hit.kind in RECORD_PATH)
          .map((hit) => ({
            id: `record-${hit.kind}-${hit.id}`,
            label: hit.title,
            // The server already matched it: its subtitle is shown, not filtered on again.
            keywords: text,
            hint: hit.kind,
            group: "Records",
            run: close(() => void navigate({ to: RECORD_PATH[hit.kind as keyof typeof RECORD_PATH], params: { id: hit.id } })),
          }))
      : [];
    const screens: PaletteItem[] = SCREENS.map((screen) => ({
      id: `screen-${screen.to}`,
      label: screen.label,
      keywords: screen.keywords,
      hint: screen.hint,
      group: "Screens",
      run: close(() => void navigate({ to: screen.to })),
    }));
    const actions: PaletteItem[] = [
      ...CREATE_ACTIONS.filter((action) => permissions.can(action.resource, "create")).map(
        (action): PaletteItem => ({
          id: `action-${action.resource}`,
          label: action.label,
          keywords: "create add",
          group: "Actions",
          run: close(() => void navigate({ to: action.to, search: { create: true } })),
        }),
      ),
      {
        id: "action-theme",
        label: "Toggle theme",
        keywords: "dark light mode",
        group: "Actions",
        run: close(() => setTheme(theme === "dark" ? "light" : "dark")),
      },
      {
        id: "action-sign-out",
        label: "Sign out",
        keywords: "log out logout",
        group: "Actions",
        run: close(() => signOut.mutate(undefined, { onSettled: () => void navigate({ to: "/sign-in" }) })),
      },
    ];
    return [...records, ...filterItems(screens, text), ...filterItems(actions, text)];
  }, [text, query, search.data, search.isPlaceholderData, permissions, navigate, onOpenChange, setTheme, theme, signOut]);

  const { onCloseAutoFocus } = useReturnFocus(open);
  const current = Math.min(active, Math.max(items.length - 1, 0));

  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <RadixDialog.Content
          aria-describedby={undefined}
          onCloseAutoFocus={onCloseAutoFocus}
          className="fixed left-1/2 top-24 z-50 w-[min(36rem,calc(100vw-2rem))] -translate-x-1/2 overflow-hidden rounded-lg border border-border bg-bg text-fg shadow-xl"
        >
          <RadixDialog.Title className="sr-only">Command palette</RadixDialog.Title>
          <div className="flex items-center gap-2 border-b border-border px-3">
            <Search className="h-4 w-4 text-muted-fg" aria-hidden />
            <input
              role="combobox"
              aria-label="Type a command or search"
              aria-expanded
              aria-controls={listId}
              aria-activedescendant={items[current] ? `${listId}-${current}` : undefined}
              placeholder="Jump to a record or screen, or run an action"
              className="h-12 w-full bg-transparent text-sm outline-none placeholder:text-muted-fg"
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setActive(0);
              }}
              onKeyDown={(e) => {
                if (e.key === "ArrowDown") {
                  e.preventDefault();
                  setActive(Math.min(current + 1, items.length - 1));
                } else if (e.key === "ArrowUp") {
                  e.preventDefault();
                  setActive(Math.max(current - 1, 0));
                } else if (e.key === "Enter" && items[current]) {
                  e.preventDefault();
                  items[current].run();
                }
              }}
            />
          </div>
          <ul id={listId} role="listbox" aria-label="Results" className="max-h-80 overflow-auto p-1">
            {items.length === 0 && (
              <li className="px-3 py-6 text-center text-sm text-muted-fg">
                {search.isFetching ? "Searching…" : `Nothing matches "${text}". Try a company, person or screen name.`}
              </li>
            )}
            {items.map((item, index) => (
              <li
                key={item.id}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === current}
                onMouseMove={() => setActive(index)}
                onClick={item.run}
                className={cn("flex cursor-pointer items-center justify-between gap-2 rounded-md px-3 py-2 text-sm", index === current && "bg-muted")}
              >
                <span className="truncate">
                  {(index === 0 || items[index - 1]?.group !== item.group) && <span className="sr-only">{item.group}: </span>}
                  {item.label}
                </span>
                <span className="shrink-0 text-xs capitalize text-muted-fg">{item.hint || item.group.replace(/s$/, "")}</span>
              </li>
            ))}
          </ul>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

import { useNavigate } from "@tanstack/react-router";
import { useEffect } from "react";
import type { ScreenPath } from "../utils/paletteItems";

/** `g` then one of these keys jumps to a screen. */
export const GO_KEYS: Record<string, ScreenPath> = {
  d: "/",
  c: "/companies",
  p: "/contacts",
  l: "/leads",
  b: "/deals/board",
  t: "/tasks",
};

/** How long after `g` the second key still counts. */
const SEQUENCE_MS = 1200;

export interface ShortcutActions {
  openPalette: () => void;
  openHelp: () => void;
  focusSearch: () => void;
  go: (path: ScreenPath) => void;
}

/** True when keys belong to what the person is typing in (inputs, text areas, editable content, selects). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || target.getAttribute("role") === "combobox";
}

/** The shell's keydown handler. Ctrl/Cmd+K works everywhere; the single-key shortcuts only outside inputs. */
export function createShortcutHandler(actions: ShortcutActions, now: () => number = Date.now) {
  let pendingG = 0;
  return (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k") {
      event.preventDefault();
      actions.openPalette();
      return;
    }
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTypingTarget(event.target)) return;
    // A dialog (the palette, a create form) owns the keyboard while it is open.
    if (event.target instanceof Element && event.target.closest("[role=dialog]")) return;

    if (pendingG && now() - pendingG < SEQUENCE_MS) {
      pendingG = 0;
      const path = GO_KEYS[event.key.toLowerCase()];
      if (path) {
        event.preventDefault();
        actions.go(path);
      }
      return;
    }
    pendingG = 0;
    if (event.key === "g") pendingG = now();
    else if (event.key === "?") {
      event.preventDefault();
      actions.openHelp();
    } else if (event.key === "/") {
      event.preventDefault();
      actions.focusSearch();
    }
  };
}

/** Installs the shell's keyboard shortcuts on the document while mounted. */
export function useShortcuts({ openPalette, openHelp }: Pick<ShortcutActions, "openPalette" | "openHelp">) {
  const navigate = useNavigate();
  useEffect(() => {
    const handler = createShortcutHandler({
      openPalette,
      openHelp,
      focusSearch: () => document.getElementById(GLOBAL_SEARCH_ID)?.focus(),
      go: (path) => void navigate({ to: path }),
    });
    document.addEventListener("keydown", handler);
    return () => document.removeEventListener("keydown", handler);
  }, [navigate, openPalette, openHelp]);
}

/** The top bar's search input, which `/` focuses. */
export const GLOBAL_SEARCH_ID = "global-search";

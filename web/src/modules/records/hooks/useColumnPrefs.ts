import { useCallback, useState } from "react";
import type { Plural } from "../utils/kinds";

const storageKey = (plural: Plural) => `heron.columns.${plural}`;

function read(plural: Plural, defaults: string[]): string[] {
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey(plural)) ?? "null") as unknown;
    if (Array.isArray(saved) && saved.every((key) => typeof key === "string") && saved.length > 0) return saved;
  } catch {
    // A corrupt entry falls back to the defaults rather than breaking the list.
  }
  return defaults;
}

/** The visible columns of a kind's list, remembered per kind in this browser. */
export function useColumnPrefs(plural: Plural, defaults: string[]): [string[], (next: string[]) => void] {
  const [columns, setColumns] = useState(() => read(plural, defaults));
  const update = useCallback(
    (next: string[]) => {
      setColumns(next);
      localStorage.setItem(storageKey(plural), JSON.stringify(next));
    },
    [plural],
  );
  return [columns, update];
}

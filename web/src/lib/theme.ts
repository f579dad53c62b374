import { useCallback, useSyncExternalStore } from "react";

export type Theme = "light" | "dark";
const KEY = "heron.theme";
const listeners = new Set<() => void>();

function stored(): Theme {
  const saved = localStorage.getItem(KEY);
  if (saved === "light" || saved === "dark") return saved;
  return window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

/** Applies the saved (or the OS) theme as a class on <html>; called before the first render. */
export function applyTheme(theme: Theme = stored()): void {
  document.documentElement.classList.toggle("dark", theme === "dark");
  document.documentElement.style.colorScheme = theme;
}

// A theme picked in another tab applies here too.
if (typeof window !== "undefined") {
  window.addEventListener("storage", (event) => {
    if (event.key !== KEY) return;
    applyTheme();
    listeners.forEach((listener) => listener());
  });
}

export function useTheme(): [Theme, (theme: Theme) => void] {
  const theme = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stored,
  );
  const setTheme = useCallback((next: Theme) => {
    localStorage.setItem(KEY, next);
    applyTheme(next);
    listeners.forEach((listener) => listener());
  }, []);
  return [theme, setTheme];
}

import { useCallback, useRef } from "react";

/**
 * Focus for a dialog opened from code (no Radix `Dialog.Trigger`): Radix gives focus back to its
 * trigger on close, and with none it is left on <body>, so a keyboard user starts again at the top
 * of the page. This remembers what had focus when `open` turned true (read while rendering: by the
 * time Radix's own open-focus event runs, an `autoFocus` field inside has already taken it) and
 * gives it back on close; when that element is gone (an empty state's button after the first
 * record), the page's <main> takes focus instead.
 */
export function useReturnFocus(open: boolean) {
  const opener = useRef<HTMLElement | null>(null);
  const wasOpen = useRef(false);
  if (open && !wasOpen.current && typeof document !== "undefined") {
    const active = document.activeElement;
    opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
  }
  wasOpen.current = open;
  const onCloseAutoFocus = useCallback((event: Event) => {
    event.preventDefault();
    const target = opener.current?.isConnected ? opener.current : document.querySelector<HTMLElement>("main");
    target?.focus({ preventScroll: true });
    opener.current = null;
  }, []);
  return { onCloseAutoFocus };
}

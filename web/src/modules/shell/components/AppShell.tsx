import { Outlet } from "@tanstack/react-router";
import { useCallback, useState } from "react";
import { useShortcuts } from "../hooks/useShortcuts";
import { CommandPalette } from "./CommandPalette";
import { Sidebar } from "./Sidebar";
import { SearchBox } from "./SearchBox";
import { ShortcutsDialog } from "./ShortcutsDialog";
import { ThemeToggle } from "./ThemeToggle";
import { UserMenu } from "./UserMenu";

/** The signed-in frame: sidebar, top bar (search, theme, account), the page, the palette and shortcuts. */
export function AppShell() {
  const [palette, setPalette] = useState(false);
  const [help, setHelp] = useState(false);
  useShortcuts({ openPalette: useCallback(() => setPalette(true), []), openHelp: useCallback(() => setHelp(true), []) });
  return (
    <div className="flex h-screen overflow-hidden">
      <Sidebar />
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 shrink-0 items-center gap-3 border-b border-border px-4">
          <SearchBox />
          <div className="ml-auto flex items-center gap-1">
            <ThemeToggle />
            <UserMenu />
          </div>
        </header>
        {/* Focusable from code: a dialog whose opener is gone gives focus back here. */}
        <main id="main" tabIndex={-1} className="min-h-0 flex-1 overflow-auto p-6 focus:outline-none">
          <Outlet />
        </main>
      </div>
      <CommandPalette open={palette} onOpenChange={setPalette} />
      <ShortcutsDialog open={help} onOpenChange={setHelp} />
    </div>
  );
}

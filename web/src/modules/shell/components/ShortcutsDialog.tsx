import { Dialog } from "@/ui/Dialog";

const SHORTCUTS: [keys: string[], what: string][] = [
  [["Ctrl/⌘", "K"], "Open the command palette"],
  [["/"], "Focus search"],
  [["g", "d"], "Go to the dashboard"],
  [["g", "c"], "Go to companies"],
  [["g", "p"], "Go to contacts (people)"],
  [["g", "l"], "Go to leads"],
  [["g", "b"], "Go to the deals board"],
  [["g", "t"], "Go to my tasks"],
  [["?"], "Show this list"],
  [["Space"], "Board: pick up the deal in focus, or drop it"],
  [["←", "→"], "Board, while a deal is picked up: the previous or next stage"],
  [["↑", "↓"], "Board, while a deal is picked up: up or down the column"],
  [["Esc"], "Board: put the deal back where it was"],
  [["Enter"], "Board: open the deal in focus"],
];

export interface ShortcutsDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** The `?` dialog: every keyboard shortcut. Single keys are ignored while typing in a field. */
export function ShortcutsDialog({ open, onOpenChange }: ShortcutsDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Keyboard shortcuts" description="Single-key shortcuts are ignored while you type in a field.">
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={what} className="contents">
            <dt className="flex gap-1">
              {keys.map((key) => (
                <kbd key={key} className="rounded border border-border bg-muted px-1.5 py-0.5 font-mono text-xs">
                  {key}
                </kbd>
              ))}
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}

import { Bookmark, Pencil, Save, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { usePermissions } from "@/lib/permissions";
import { useSession } from "@/lib/session";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { DropdownMenu, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator } from "@/ui/DropdownMenu";
import { Input } from "@/ui/Input";
import { type View, useDeleteView, useUpdateView, useViews } from "../api/recordsApi";
import type { RecordKindName } from "../utils/kinds";

export interface ViewPickerProps {
  kind: RecordKindName;
  activeId?: string;
  onPick: (view: View | null) => void;
  /** Saves the list's current filters, sort and columns under a name. */
  onSave: (name: string, shared: boolean) => Promise<void>;
}

/** Saved views of a kind: pick one, save the current list as one, rename or delete your own. */
export function ViewPicker({ kind, activeId, onPick, onSave }: ViewPickerProps) {
  const views = useViews(kind);
  const session = useSession();
  const permissions = usePermissions();
  const update = useUpdateView();
  const remove = useDeleteView();
  const [dialog, setDialog] = useState<{ mode: "save" } | { mode: "rename"; view: View } | null>(null);
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const active = views.data?.find((v) => v.id === activeId);
  const mayShare = permissions.atLeast("manager");
  const isMine = (view: View) => view.owner_id === session?.user.id;

  const submit = async () => {
    if (!dialog || !name.trim()) return;
    try {
      if (dialog.mode === "save") await onSave(name.trim(), shared && mayShare);
      else await update.mutateAsync({ view: dialog.view, body: { name: name.trim() } });
      toast.success(dialog.mode === "save" ? `View "${name.trim()}" is saved.` : "The view is renamed.");
      setDialog(null);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    }
  };
  const del = async (view: View) => {
    if (!window.confirm(`Delete the view "${view.name}"?`)) return;
    try {
      await remove.mutateAsync(view);
      if (view.id === activeId) onPick(null);
      toast.success("The view is deleted.");
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <>
      <DropdownMenu
        align="start"
        trigger={
          <Button variant="secondary" size="sm">
            <Bookmark className="h-4 w-4" aria-hidden /> {active ? active.name : "All records"}
          </Button>
        }
      >
        <DropdownMenuItem onSelect={() => onPick(null)}>All records</DropdownMenuItem>
        {(views.data ?? []).length > 0 && <DropdownMenuLabel>Saved views</DropdownMenuLabel>}
        {(views.data ?? []).map((view) => (
          <DropdownMenuItem key={view.id} onSelect={() => onPick(view)} className="justify-between">
            <span className="truncate">
              {view.name}
              {view.shared && <span className="ml-1 text-xs text-muted-fg">(shared)</span>}
            </span>
            {isMine(view) && (
              <span className="flex gap-1">
                <button
                  type="button"
                  aria-label={`Rename ${view.name}`}
                  className="rounded p-0.5 hover:bg-bg"
                  onClick={(e) => {
                    e.stopPropagation();
                    setName(view.name);
                    setDialog({ mode: "rename", view });
                  }}
                >
                  <Pencil className="h-3.5 w-3.5" aria-hidden />
                </button>
                <button
                  type="button"
                  aria-label={`Delete ${view.name}`}
                  className="rounded p-0.5 hover:bg-bg"
                  onClick={(e) => {
                    e.stopPropagation();
                    void del(view);
                  }}
                >
                  <Trash2 className="h-3.5 w-3.5" aria-hidden />
                </button>
              </span>
            )}
          </DropdownMenuItem>
        ))}
        <DropdownMenuSeparator />
        <DropdownMenuItem
          onSelect={() => {
            setName("");
            setShared(false);
            setDialog({ mode: "save" });
          }}
        >
          <Save className="h-4 w-4" aria-hidden /> Save current list as a view…
        </DropdownMenuItem>
      </DropdownMenu>
      <Dialog open={dialog != null} onOpenChange={(open) => !open && setDialog(null)} title={dialog?.mode === "rename" ? "Rename view" : "Save view"}>
        <form
          className="flex flex-col gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label className="flex flex-col gap-1.5 text-sm font-medium">
            Name
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} autoFocus />
          </label>
          {dialog?.mode === "save" && mayShare && (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} /> Share with the whole organization
            </label>
          )}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setDialog(null)}>
              Cancel
            </Button>
            <Button type="submit" disabled={!name.trim()} loading={update.isPending}>
              Save
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { type ConflictRow, showValue } from "../utils/conflict";

export interface ConflictDialogProps {
  open: boolean;
  rows: readonly ConflictRow[];
  onTakeTheirs: () => void;
  onOverwrite: () => void;
  onCancel: () => void;
  saving?: boolean;
}

/** Someone saved this record while you were editing: what they changed, and your choice. */
export function ConflictDialog({ open, rows, onTakeTheirs, onOverwrite, onCancel, saving }: ConflictDialogProps) {
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => !next && onCancel()}
      title="Someone else changed this record"
      description="It was saved by someone else while you were editing. Compare, then keep theirs or overwrite with yours."
    >
      {rows.length === 0 ? (
        <p className="text-sm text-muted-fg">None of the fields shown here differ; the change was elsewhere (tags, links, ...).</p>
      ) : (
        <table className="w-full text-sm">
          <thead className="text-left text-xs uppercase text-muted-fg">
            <tr>
              <th className="py-1 pr-2 font-medium">Field</th>
              <th className="py-1 pr-2 font-medium">You had</th>
              <th className="py-1 pr-2 font-medium">Theirs now</th>
              <th className="py-1 font-medium">Yours</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.name} className="border-t border-border" data-testid={`conflict-${row.name}`}>
                <th scope="row" className="py-1.5 pr-2 text-left font-medium">
                  {row.label}
                </th>
                <td className="py-1.5 pr-2 text-muted-fg line-through">{showValue(row.had)}</td>
                <td className="py-1.5 pr-2 font-medium">{showValue(row.theirs)}</td>
                <td className="py-1.5">{showValue(row.mine)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="mt-5 flex justify-end gap-2">
        <Button variant="secondary" onClick={onTakeTheirs}>
          Take theirs
        </Button>
        <Button variant="danger" loading={saving} onClick={onOverwrite}>
          Overwrite with mine
        </Button>
      </div>
    </Dialog>
  );
}

import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { Skeleton } from "@/ui/Skeleton";
import { type Company, type Contact, useCustomFields, useMergeRecord, useRecord } from "../api/recordPagesApi";
import { showValue } from "../utils/conflict";
import { FIELDS, customName, formValues } from "../utils/recordFields";
import { recordTitle } from "../utils/recordFacts";

type Winner = "survivor" | "other";

export interface MergeDialogProps {
  kind: "company" | "contact";
  survivor: Company | Contact;
  otherId: string;
  onClose: () => void;
}

/** Merge a duplicate into this record, choosing per differing field whose value is kept. */
export function MergeDialog({ kind, survivor, otherId, onClose }: MergeDialogProps) {
  const other = useRecord(kind, otherId);
  const customFields = useCustomFields(kind).data ?? [];
  const merge = useMergeRecord(kind, survivor.id);
  const [winners, setWinners] = useState<Record<string, Winner>>({});

  const fields = FIELDS[kind];
  const mine = formValues(fields, customFields, survivor);
  const theirs = other.data ? formValues(fields, customFields, other.data) : null;
  const entries = [
    ...fields.map((f) => ({ name: f.key, label: f.label, custom: false, key: f.key })),
    ...customFields.map((f) => ({ name: customName(f.key), label: f.label, custom: true, key: f.key })),
  ].filter((e) => theirs && JSON.stringify(mine[e.name]) !== JSON.stringify(theirs[e.name]));

  const onMerge = async () => {
    const body = { other_id: otherId, fields: {} as Record<string, Winner>, custom: {} as Record<string, Winner> };
    for (const entry of entries) {
      const winner = winners[entry.name];
      if (winner) (entry.custom ? body.custom : body.fields)[entry.key] = winner;
    }
    try {
      await merge.mutateAsync({ version: survivor.version, body });
      toast.success(`${other.data ? recordTitle(other.data) : "The duplicate"} is merged into ${recordTitle(survivor)}.`);
      onClose();
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title="Merge duplicate"
      description={`${recordTitle(survivor)} stays; the other's activities, tags and related records move here and it goes to the trash.`}
    >
      {other.isPending && <Skeleton className="h-24 w-full" />}
      {other.isError && <p className="text-sm text-danger">{other.error.message}</p>}
      {theirs && entries.length === 0 && <p className="text-sm text-muted-fg">The two records hold the same values; merging keeps them.</p>}
      {theirs && entries.length > 0 && (
        <fieldset className="flex flex-col gap-2 text-sm">
          <legend className="mb-2 text-muted-fg">Keep for each field that differs:</legend>
          {entries.map((entry) => {
            // Without a choice the server keeps this record's value, or the other's when this one is empty.
            const chosen = winners[entry.name] ?? (mine[entry.name] === "" ? "other" : "survivor");
            return (
              <div key={entry.name} role="radiogroup" aria-label={entry.label} className="grid grid-cols-[8rem_1fr_1fr] items-center gap-2">
                <span className="font-medium">{entry.label}</span>
                {(["survivor", "other"] as const).map((side) => (
                  <label key={side} className="flex items-center gap-2 rounded border border-border px-2 py-1 has-[:checked]:border-accent">
                    <input type="radio" name={entry.name} checked={chosen === side} onChange={() => setWinners((w) => ({ ...w, [entry.name]: side }))} />
                    <span className="truncate">{showValue((side === "survivor" ? mine : theirs)[entry.name] ?? "")}</span>
                  </label>
                ))}
              </div>
            );
          })}
        </fieldset>
      )}
      <div className="mt-5 flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button disabled={!theirs} loading={merge.isPending} onClick={() => void onMerge()}>
          Merge
        </Button>
      </div>
    </Dialog>
  );
}

import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { type BulkBody, useBulkRecords, useMembers, useTags } from "../api/recordsApi";
import type { KindConfig } from "../utils/kinds";

const SELECT = "h-8 rounded-md border border-input bg-bg px-2 text-sm";

export interface BulkBarProps {
  config: KindConfig;
  selected: ReadonlySet<string>;
  onDone: () => void;
  mayUpdate: boolean;
  mayDelete: boolean;
}

/** Actions on the selected rows; the API applies each to all of them or to none. */
export function BulkBar({ config, selected, onDone, mayUpdate, mayDelete }: BulkBarProps) {
  const bulk = useBulkRecords(config.plural);
  const members = useMembers();
  const tags = useTags();
  const [owner, setOwner] = useState("");
  const [tag, setTag] = useState("");
  const [confirming, setConfirming] = useState(false);
  const ids = [...selected];
  if (ids.length === 0) return null;

  const run = async (body: Omit<BulkBody, "ids">, done: string) => {
    try {
      const result = await bulk.mutateAsync({ ...body, ids });
      toast.success(`${result.count} ${config.plural} ${done}.`);
      onDone();
    } catch (error) {
      // All or nothing: the message names the record that stopped the batch, and nothing changed.
      toast.error(`Nothing was changed. ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return (
    <div role="toolbar" aria-label="Bulk actions" className="flex flex-wrap items-center gap-2 rounded-lg border border-accent/40 bg-accent/5 px-3 py-2 text-sm">
      <span className="font-medium">{ids.length.toLocaleString()} selected</span>
      {mayUpdate && (
        <>
          <select aria-label="New owner" className={SELECT} value={owner} onChange={(e) => setOwner(e.target.value)}>
            <option value="">Assign owner…</option>
            {(members.data ?? []).map((m) => (
              <option key={m.user_id} value={m.user_id}>
                {m.full_name || m.email}
              </option>
            ))}
          </select>
          <Button size="sm" variant="secondary" disabled={!owner} loading={bulk.isPending} onClick={() => void run({ action: "assign", owner_id: owner }, "reassigned")}>
            Assign
          </Button>
          <select aria-label="Tag" className={SELECT} value={tag} onChange={(e) => setTag(e.target.value)}>
            <option value="">Tag…</option>
            {(tags.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
          <Button size="sm" variant="secondary" disabled={!tag} onClick={() => void run({ action: "tag", tag_ids: [tag] }, "tagged")}>
            Tag
          </Button>
          <Button size="sm" variant="secondary" disabled={!tag} onClick={() => void run({ action: "untag", tag_ids: [tag] }, "untagged")}>
            Untag
          </Button>
        </>
      )}
      {mayDelete && (
        <Button size="sm" variant="danger" onClick={() => setConfirming(true)}>
          Delete
        </Button>
      )}
      <Button size="sm" variant="ghost" className="ml-auto" onClick={onDone}>
        Clear selection
      </Button>
      <Dialog open={confirming} onOpenChange={setConfirming} title={`Delete ${ids.length} ${ids.length === 1 ? config.singular : config.plural}?`} description="They move to the trash, where an admin can restore them.">
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
          <Button
            variant="danger"
            loading={bulk.isPending}
            onClick={() => {
              setConfirming(false);
              void run({ action: "delete" }, "deleted");
            }}
          >
            Delete
          </Button>
        </div>
      </Dialog>
    </div>
  );
}

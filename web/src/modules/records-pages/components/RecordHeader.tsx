import { useNavigate } from "@tanstack/react-router";
import { Trash2 } from "lucide-react";
import { type ReactNode, useState } from "react";
import { toast } from "sonner";
import { usePermissions } from "@/lib/permissions";
import { Badge } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { type AnyRecord, PLURAL, type RecordKind, useDeleteRecord, useRestoreRecord } from "../api/recordPagesApi";
import { NOUN, RESOURCE, recordFacts, recordTitle } from "../utils/recordFacts";

export interface RecordHeaderProps {
  kind: RecordKind;
  record: AnyRecord;
  /** Kind-specific actions (convert a lead, ...). */
  actions?: ReactNode;
}

/** The record's name, key facts and actions; delete asks first and offers "Undo" afterwards. */
export function RecordHeader({ kind, record, actions }: RecordHeaderProps) {
  const [confirming, setConfirming] = useState(false);
  const navigate = useNavigate();
  const remove = useDeleteRecord(kind, record.id);
  const restore = useRestoreRecord(kind, record.id);
  const { can } = usePermissions();
  const title = recordTitle(record);
  const path = `/${PLURAL[kind]}/$id` as const;

  const onDelete = async () => {
    try {
      await remove.mutateAsync(record.version);
      setConfirming(false);
      void navigate({ to: `/${PLURAL[kind]}` });
      toast.success(`${title} is in the trash.`, {
        action: {
          label: "Undo",
          onClick: () =>
            restore.mutate(undefined, {
              onSuccess: () => {
                toast.success(`${title} is back.`);
                void navigate({ to: path, params: { id: record.id } });
              },
              onError: (error) => toast.error(error.message),
            }),
        },
      });
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <header className="flex flex-col gap-3 border-b border-border pb-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{title}</h1>
        {record.tags.map((tag) => (
          <Badge key={tag.id}>{tag.name}</Badge>
        ))}
        <div className="ml-auto flex gap-2">
          {actions}
          {can(RESOURCE[kind], "delete", record.owner?.id ?? null) && (
            <Button variant="secondary" onClick={() => setConfirming(true)}>
              <Trash2 className="h-4 w-4" aria-hidden /> Delete
            </Button>
          )}
        </div>
      </div>
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
        {recordFacts(kind, record).map((fact) => (
          <div key={fact.label} className="flex gap-1.5">
            <dt className="text-muted-fg">{fact.label}</dt>
            <dd className="font-medium">{fact.value}</dd>
          </div>
        ))}
      </dl>
      <Dialog open={confirming} onOpenChange={setConfirming} title={`Delete this ${NOUN[kind]}?`}>
        <p className="text-sm text-muted-fg">
          {title} goes to the trash. You can undo right away, or restore it from the trash for 30 days.
        </p>
        <div className="mt-5 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
          <Button variant="danger" loading={remove.isPending} onClick={() => void onDelete()}>
            Delete {NOUN[kind]}
          </Button>
        </div>
      </Dialog>
    </header>
  );
}

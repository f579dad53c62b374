import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { Pencil } from "lucide-react";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { ApiError } from "@/lib/errors";
import { usePermissions } from "@/lib/permissions";
import { Button } from "@/ui/Button";
import { Card } from "@/ui/Card";
import { Field } from "@/ui/Field";
import { type AnyRecord, type RecordKind, type UpdateOf, recordKeys, useCustomFields, usePipelines, useUpdateRecord } from "../api/recordPagesApi";
import { type ConflictRow, conflictingFields, currentFromDetails, showValue } from "../utils/conflict";
import { editorSchema } from "../utils/editorSchema";
import { RESOURCE } from "../utils/recordFacts";
import { FIELDS, type FormValues, customName, formValues, patchBody } from "../utils/recordFields";
import { ConflictDialog } from "./ConflictDialog";
import { FieldInput } from "./FieldInput";

export interface RecordEditorProps {
  kind: RecordKind;
  record: AnyRecord;
}

interface Conflict {
  current: AnyRecord;
  rows: ConflictRow[];
  mine: FormValues;
}

/** The record's fields (custom ones included): read, then edit with If-Match and conflict handling. */
export function RecordEditor({ kind, record }: RecordEditorProps) {
  const fields = FIELDS[kind];
  const customFields = useCustomFields(kind).data ?? [];
  const pipelines = usePipelines().data ?? [];
  const update = useUpdateRecord(kind, record.id);
  const queryClient = useQueryClient();
  const { can } = usePermissions();
  const [editing, setEditing] = useState<{ had: FormValues; version: number } | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);

  const values = useMemo(() => formValues(fields, customFields, record), [fields, customFields, record]);
  const labels = useMemo(
    () => new Map([...fields.map((f) => [f.key, f.label] as const), ...customFields.map((f) => [customName(f.key), f.label] as const)]),
    [fields, customFields],
  );
  const stageNames = useMemo(() => new Map(pipelines.flatMap((p) => p.stages.map((s) => [s.id, s.name] as const))), [pipelines]);
  const form = useForm<FormValues>({ resolver: zodResolver(editorSchema(fields, customFields)) as never, values });

  const startEditing = () => {
    form.reset(values);
    setEditing({ had: values, version: record.version });
  };

  const save = async (mine: FormValues, had: FormValues, version: number) => {
    const body = patchBody(fields, customFields, mine, had);
    if (Object.keys(body).length === 0) {
      setEditing(null);
      return;
    }
    try {
      await update.mutateAsync({ version, body: body as UpdateOf[typeof kind] });
      toast.success("Saved.");
      setConflict(null);
      setEditing(null);
    } catch (error) {
      const current = error instanceof ApiError && error.status === 412 ? currentFromDetails(error.details) : null;
      if (current) {
        const theirs = formValues(fields, customFields, current as unknown as AnyRecord);
        setConflict({ current: current as unknown as AnyRecord, mine, rows: conflictingFields(labels, had, mine, theirs) });
        return;
      }
      if (error instanceof ApiError && error.status === 422) {
        for (const detail of error.details) {
          const loc = (detail.loc ?? []).filter((p) => p !== "body").map(String);
          const name = loc[0] === "custom" && loc[1] ? customName(loc[1]) : loc[0];
          if (name && labels.has(name)) form.setError(name, { type: "server", message: detail.msg ?? error.message });
          else toast.error(detail.msg ?? error.message);
        }
        if (error.details.length === 0) toast.error(error.message);
        return;
      }
      toast.error(error instanceof Error ? error.message : String(error));
    }
  };

  const takeTheirs = () => {
    if (!conflict) return;
    queryClient.setQueryData(recordKeys.record(kind, record.id), conflict.current);
    setConflict(null);
    setEditing(null);
    toast.info("Showing their version.");
  };

  // Overwrite sends only the fields you changed, against their version: their other edits stay.
  const overwrite = () => conflict && editing && void save(conflict.mine, editing.had, conflict.current.version);

  const canEdit = can(RESOURCE[kind], "update", record.owner?.id ?? null);
  const entries = [
    ...fields.map((f) => ({ name: f.key, label: f.label, field: { standard: f } as const })),
    ...customFields.map((f) => ({ name: customName(f.key), label: f.label, field: { custom: f } as const, hint: f.help_text ?? undefined })),
  ];
  const shown = (name: string) => (name === "stage_id" ? (stageNames.get(String(values[name])) ?? "—") : showValue(values[name] ?? ""));

  return (
    <Card className="flex flex-col gap-4">
      <div className="flex items-center">
        <h2 className="text-base font-semibold">Details</h2>
        {!editing && canEdit && (
          <Button variant="ghost" size="sm" className="ml-auto" onClick={startEditing}>
            <Pencil className="h-4 w-4" aria-hidden /> Edit
          </Button>
        )}
      </div>
      {editing ? (
        <form noValidate className="flex flex-col gap-4" onSubmit={form.handleSubmit((mine) => save(mine, editing.had, editing.version))}>
          <div className="grid gap-4 sm:grid-cols-2">
            {entries.map((entry) => (
              <Field key={entry.name} label={entry.label} hint={"hint" in entry ? entry.hint : undefined} error={form.formState.errors[entry.name]?.message}>
                <FieldInput name={entry.name} register={form.register} field={entry.field} pipelines={pipelines} />
              </Field>
            ))}
          </div>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setEditing(null)}>
              Cancel
            </Button>
            <Button type="submit" loading={form.formState.isSubmitting}>
              Save
            </Button>
          </div>
        </form>
      ) : (
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          {entries.map((entry) => (
            <div key={entry.name} className="flex flex-col">
              <dt className="text-xs text-muted-fg">{entry.label}</dt>
              <dd className="whitespace-pre-wrap break-words">{shown(entry.name)}</dd>
            </div>
          ))}
        </dl>
      )}
      <ConflictDialog
        open={conflict !== null}
        rows={conflict?.rows ?? []}
        saving={update.isPending}
        onTakeTheirs={takeTheirs}
        onOverwrite={overwrite}
        onCancel={() => setConflict(null)}
      />
    </Card>
  );
}

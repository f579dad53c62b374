import { ListPlus, Pencil, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { usePermissions } from "@/lib/permissions";
import { Badge } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { EmptyState } from "@/ui/EmptyState";
import { Skeleton } from "@/ui/Skeleton";
import { type CustomField, type RecordKind, useCustomFields, useDeleteCustomField } from "../api/catalogApi";
import { CustomFieldForm } from "./CustomFieldForm";

const KINDS: { kind: RecordKind; label: string }[] = [
  { kind: "company", label: "Companies" },
  { kind: "contact", label: "Contacts" },
  { kind: "lead", label: "Leads" },
  { kind: "deal", label: "Deals" },
];

/** Custom fields per record kind: create, edit the label/options/help, delete (with their values). */
export function CustomFieldsSettings() {
  const { can } = usePermissions();
  const [kind, setKind] = useState<RecordKind>("company");
  const fields = useCustomFields(kind);
  const remove = useDeleteCustomField();
  const [editing, setEditing] = useState<CustomField | "new" | null>(null);

  if (fields.isError) throw fields.error;
  const onDelete = async (field: CustomField) => {
    if (!window.confirm(`Delete the field “${field.label}”? Its value is erased from every ${kind}; this cannot be undone.`)) return;
    try {
      await remove.mutateAsync({ field });
      toast.success(`“${field.label}” is deleted.`);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <section className="flex flex-col gap-4" aria-labelledby="fields-title">
      <div className="flex items-center justify-between">
        <h2 id="fields-title" className="text-lg font-semibold">
          Custom fields
        </h2>
        {can("custom_field", "create") && <Button onClick={() => setEditing("new")}>New field</Button>}
      </div>
      <div role="tablist" aria-label="Record kind" className="flex gap-1">
        {KINDS.map((k) => (
          <Button key={k.kind} role="tab" aria-selected={kind === k.kind} variant={kind === k.kind ? "secondary" : "ghost"} size="sm" onClick={() => setKind(k.kind)}>
            {k.label}
          </Button>
        ))}
      </div>
      {!fields.data ? (
        <Skeleton className="h-24 w-full" />
      ) : fields.data.length === 0 ? (
        <EmptyState icon={ListPlus} title={`No custom fields on ${kind}s yet`}>
          Add the facts your team tracks that Heron does not, like a contract end date or a segment. They appear on
          every {kind}, in lists, filters and exports.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-border text-sm">
          {fields.data.map((field) => (
            <li key={field.id} className="flex items-center gap-3 py-2">
              <span className="flex-1">
                <strong>{field.label}</strong> <code className="text-xs text-muted-fg">{field.key}</code>
                {field.help_text && <span className="block text-xs text-muted-fg">{field.help_text}</span>}
              </span>
              <Badge>{field.type.replace("_", " ")}</Badge>
              {field.required && <Badge tone="accent">required</Badge>}
              {can("custom_field", "update") && (
                <Button variant="ghost" size="icon" aria-label={`Edit ${field.label}`} onClick={() => setEditing(field)}>
                  <Pencil className="h-4 w-4" aria-hidden />
                </Button>
              )}
              {can("custom_field", "delete") && (
                <Button variant="ghost" size="icon" aria-label={`Delete ${field.label}`} onClick={() => onDelete(field)}>
                  <Trash2 className="h-4 w-4" aria-hidden />
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editing && <CustomFieldForm kind={kind} field={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
    </section>
  );
}

import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { applyFieldErrors } from "@/lib/errors";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { Field } from "@/ui/Field";
import { Input } from "@/ui/Input";
import { Select } from "@/ui/Select";
import { type CustomField, type FieldType, type RecordKind, useCreateCustomField, useUpdateCustomField } from "../api/catalogApi";

const TYPES: FieldType[] = ["text", "long_text", "number", "money", "date", "datetime", "boolean", "select", "multi_select", "url", "email", "phone", "user"];
const WITH_OPTIONS = new Set<FieldType>(["select", "multi_select"]);

interface Values {
  label: string;
  key: string;
  type: FieldType;
  options: string;
  required: boolean;
  default: string;
  help_text: string;
}
const FIELDS = ["label", "key", "type", "options", "required", "default", "help_text"] as const;

/** The default as the API wants it for the type; empty means none. */
function parseDefault(type: FieldType, raw: string): unknown {
  const value = raw.trim();
  if (value === "") return null;
  if (type === "number" || type === "money") return Number(value);
  if (type === "boolean") return value === "true";
  if (type === "multi_select") return value.split(",").map((v) => v.trim()).filter(Boolean);
  return value;
}

export interface CustomFieldFormProps {
  kind: RecordKind;
  /** null creates a new field. */
  field: CustomField | null;
  onClose: () => void;
}

/** Create a field (its type is fixed afterwards) or edit its label, options, help, requirement. */
export function CustomFieldForm({ kind, field, onClose }: CustomFieldFormProps) {
  const create = useCreateCustomField();
  const update = useUpdateCustomField();
  const form = useForm<Values>({
    defaultValues: {
      label: field?.label ?? "",
      key: field?.key ?? "",
      type: field?.type ?? "text",
      options: field?.options.join("\n") ?? "",
      required: field?.required ?? false,
      default: field?.default == null ? "" : Array.isArray(field.default) ? field.default.join(", ") : String(field.default),
      help_text: field?.help_text ?? "",
    },
  });
  const type = form.watch("type");

  const onSubmit = form.handleSubmit(async (v) => {
    if (!v.label.trim()) return form.setError("label", { message: "Give the field a label." });
    const options = WITH_OPTIONS.has(v.type) ? v.options.split("\n").map((o) => o.trim()).filter(Boolean) : [];
    const common = { label: v.label.trim(), options, required: v.required, default: parseDefault(v.type, v.default), help_text: v.help_text.trim() || null };
    try {
      if (field) await update.mutateAsync({ field, body: common as never });
      else await create.mutateAsync({ ...common, record_kind: kind, type: v.type, ...(v.key.trim() ? { key: v.key.trim() } : {}) } as never);
      toast.success(`“${common.label}” is saved.`);
      onClose();
    } catch (error) {
      for (const message of applyFieldErrors(error, form.setError, FIELDS)) toast.error(message);
    }
  });
  const { errors } = form.formState;
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={field ? `Edit “${field.label}”` : `New ${kind} field`}>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <Field label="Label" error={errors.label?.message}>
          <Input autoFocus {...form.register("label")} />
        </Field>
        {!field && (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Key (optional)" error={errors.key?.message} hint="Used by the API and imports; made from the label if empty.">
              <Input {...form.register("key")} />
            </Field>
            <Field label="Type" error={errors.type?.message} hint="Cannot change later.">
              <Select {...form.register("type")}>
                {TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t.replace("_", " ")}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
        )}
        {WITH_OPTIONS.has(type) && (
          <Field label="Options" error={errors.options?.message} hint="One per line.">
            <textarea rows={4} className="rounded-md border border-input bg-bg p-2 text-sm" {...form.register("options")} />
          </Field>
        )}
        <Field label="Default (optional)" error={errors.default?.message} hint={type === "multi_select" ? "Comma-separated options." : type === "boolean" ? "true or false." : undefined}>
          <Input {...form.register("default")} />
        </Field>
        <Field label="Help text (optional)" error={errors.help_text?.message}>
          <Input {...form.register("help_text")} />
        </Field>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" {...form.register("required")} /> Required on every {kind}
        </label>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={form.formState.isSubmitting}>
            {field ? "Save" : "Create field"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

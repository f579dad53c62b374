import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
import { applyFieldErrors } from "@/lib/errors";
import { usePermissions } from "@/lib/permissions";
import { useSession } from "@/lib/session";
import { Button } from "@/ui/Button";
import { Card } from "@/ui/Card";
import { Field } from "@/ui/Field";
import { Input } from "@/ui/Input";
import { type RecordKind, useCreateActivity, useMembers } from "../api/recordPagesApi";

const KINDS = [
  { value: "note", label: "Note" },
  { value: "call", label: "Call" },
  { value: "meeting", label: "Meeting" },
  { value: "task", label: "Task" },
] as const;

const schema = z.object({
  kind: z.enum(["note", "call", "meeting", "task"]),
  subject: z.string().trim().min(1, "Say in a few words what it is about.").max(300),
  body: z.string(),
  due_at: z.string(),
  assignee_id: z.string(),
});
type ComposerValues = z.infer<typeof schema>;
const FIELDS = ["kind", "subject", "body", "due_at", "assignee_id"] as const;
const EMPTY: ComposerValues = { kind: "note", subject: "", body: "", due_at: "", assignee_id: "" };
const select = "h-9 w-full rounded-md border border-input bg-bg px-3 text-sm";

export interface ComposerProps {
  kind: RecordKind;
  id: string;
}

/** Log a note, call, meeting or task linked to this record; tasks take a due date and an assignee. */
export function Composer({ kind, id }: ComposerProps) {
  const create = useCreateActivity(kind, id);
  const members = useMembers();
  const { can } = usePermissions();
  // A task you log is yours unless you pick someone else: "Unassigned" would keep it out of My tasks.
  const me = useSession()?.user.id ?? "";
  const initial = { ...EMPTY, assignee_id: me };
  const form = useForm<ComposerValues>({ resolver: zodResolver(schema), defaultValues: initial });
  const activityKind = form.watch("kind");
  if (!can("activity", "create")) return null;

  const onSubmit = form.handleSubmit(async (values) => {
    const isTask = values.kind === "task";
    try {
      await create.mutateAsync({
        kind: values.kind,
        subject: values.subject,
        body: values.body.trim() || null,
        due_at: isTask && values.due_at ? new Date(values.due_at).toISOString() : null,
        assignee_id: isTask && values.assignee_id ? values.assignee_id : null,
        // A call or meeting being logged has happened; a task is done later.
        done_at: values.kind === "call" || values.kind === "meeting" ? new Date().toISOString() : null,
        links: [{ record_kind: kind, record_id: id }],
      });
      toast.success(`${KINDS.find((k) => k.value === values.kind)?.label} logged.`);
      form.reset({ ...initial, kind: values.kind });
    } catch (error) {
      for (const message of applyFieldErrors(error, form.setError, FIELDS)) toast.error(message);
    }
  });

  const errors = form.formState.errors;
  return (
    <Card>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3" aria-label="Log an activity">
        <div role="radiogroup" aria-label="Activity type" className="flex gap-1">
          {KINDS.map((k) => (
            <label key={k.value} className="cursor-pointer rounded-md px-3 py-1 text-sm has-[:checked]:bg-muted has-[:checked]:font-medium has-[:focus-visible]:ring-2">
              <input type="radio" value={k.value} className="sr-only" {...form.register("kind")} />
              {k.label}
            </label>
          ))}
        </div>
        <Field label="Subject" error={errors.subject?.message}>
          <Input placeholder={activityKind === "task" ? "Send the proposal" : "Intro call with Ada"} {...form.register("subject")} />
        </Field>
        <Field label="Details" hint="Plain text; line breaks are kept.">
          <textarea rows={3} className="w-full rounded-md border border-input bg-bg px-3 py-2 text-sm" {...form.register("body")} />
        </Field>
        {activityKind === "task" && (
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Due" error={errors.due_at?.message}>
              <Input type="datetime-local" {...form.register("due_at")} />
            </Field>
            <Field label="Assignee" error={errors.assignee_id?.message}>
              <select className={select} {...form.register("assignee_id")}>
                <option value="">Unassigned</option>
                {(members.data ?? []).map((m) => (
                  <option key={m.user_id} value={m.user_id}>
                    {m.full_name || m.email}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        )}
        <Button type="submit" className="self-end" loading={form.formState.isSubmitting}>
          Log {KINDS.find((k) => k.value === activityKind)?.label.toLowerCase()}
        </Button>
      </form>
    </Card>
  );
}

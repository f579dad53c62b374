import { useState } from "react";
import { toast } from "sonner";
import { applyFieldErrors } from "@/lib/errors";
import { Button } from "@/ui/Button";
import { Input } from "@/ui/Input";
import { useCreateTask } from "../api/tasksApi";

/** Local "tomorrow at 9:00" as the value of a datetime-local input. */
function tomorrowMorning(): string {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  d.setHours(9, 0, 0, 0);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T09:00`;
}

/** One line to add a task for yourself: what, and when it is due. */
export function TaskQuickAdd() {
  const create = useCreateTask();
  const [subject, setSubject] = useState("");
  const [due, setDue] = useState(tomorrowMorning);
  const [error, setError] = useState<string | null>(null);

  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!subject.trim()) return setError("Say what is to be done.");
    setError(null);
    try {
      await create.mutateAsync({ subject: subject.trim(), due_at: due ? new Date(due).toISOString() : null });
      toast.success(`Task “${subject.trim()}” is added.`);
      setSubject("");
    } catch (err) {
      const messages = applyFieldErrors(err, (_field, { message }) => setError(message ?? null), ["subject", "due_at"] as const);
      messages.forEach((m) => toast.error(m));
    }
  };
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-start gap-2" aria-label="Quick add a task">
      <div className="min-w-64 flex-1">
        <Input
          aria-label="New task"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "quick-add-error" : undefined}
          placeholder="Add a task, e.g. Call Ada about the renewal"
          value={subject}
          onChange={(e) => setSubject(e.target.value)}
        />
        {error && (
          <p id="quick-add-error" role="alert" className="mt-1 text-xs text-danger">
            {error}
          </p>
        )}
      </div>
      <Input aria-label="Due" type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} className="w-56" />
      <Button type="submit" loading={create.isPending}>
        Add task
      </Button>
    </form>
  );
}

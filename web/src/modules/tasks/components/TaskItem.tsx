import { Link2 } from "lucide-react";
import { toast } from "sonner";
import { type Task, useCompleteTask, useReopenTask } from "../api/tasksApi";

const PLURAL: Record<string, string> = { company: "companies", contact: "contacts", lead: "leads", deal: "deals" };

export interface TaskItemProps {
  task: Task;
  /** Whether you may complete/reopen it (activity update). */
  editable: boolean;
}

function formatDue(value: string): string {
  const due = new Date(value);
  const sameDay = due.toDateString() === new Date().toDateString();
  return sameDay
    ? due.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })
    : due.toLocaleString(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

/** One task: a checkbox to tick it done (or reopen it), its due time, and the records it is about. */
export function TaskItem({ task, editable }: TaskItemProps) {
  const complete = useCompleteTask();
  const reopen = useReopenTask();
  const done = task.done_at !== null;

  const toggle = () => {
    if (done) {
      reopen.mutate(task, { onError: (e) => toast.error(e.message), onSuccess: () => toast.success(`“${task.subject}” is open again.`) });
      return;
    }
    complete.mutate(task, {
      onError: (e) => toast.error(`“${task.subject}” is not done: ${e.message}`),
      onSuccess: () =>
        toast.success(`“${task.subject}” is done.`, { action: { label: "Undo", onClick: () => reopen.mutate(task) } }),
    });
  };

  return (
    <li className="flex items-start gap-3 py-2">
      <input
        type="checkbox"
        className="mt-1 h-4 w-4"
        checked={done}
        disabled={!editable}
        onChange={toggle}
        aria-label={done ? `Reopen “${task.subject}”` : `Mark “${task.subject}” done`}
      />
      <div className="min-w-0 flex-1">
        <div className={done ? "text-muted-fg line-through" : "font-medium"}>{task.subject}</div>
        <div className="flex flex-wrap gap-x-3 text-xs text-muted-fg">
          {task.due_at && <span>Due {formatDue(task.due_at)}</span>}
          {task.links.map((link) => (
            // Record pages live at /<kind plural>/<id> (see the records screens).
            <a key={link.record_id} href={`/${PLURAL[link.record_kind] ?? link.record_kind}/${link.record_id}`} className="inline-flex items-center gap-1 hover:underline">
              <Link2 className="h-3 w-3" aria-hidden />
              {link.record_kind}
            </a>
          ))}
        </div>
      </div>
    </li>
  );
}

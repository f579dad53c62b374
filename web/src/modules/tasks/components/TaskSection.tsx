import { Skeleton } from "@/ui/Skeleton";
import { type TaskDue, type TaskStatus, useTasks } from "../api/tasksApi";
import { TaskItem } from "./TaskItem";

export interface TaskSectionProps {
  title: string;
  due: TaskDue;
  status?: TaskStatus;
  editable: boolean;
  /** Shown when nothing is in the section. */
  empty: string;
  tone?: "danger";
}

/** One bucket of your tasks (Overdue, Today, ...), with its count in the heading. */
export function TaskSection({ title, due, status = "open", editable, empty, tone }: TaskSectionProps) {
  const tasks = useTasks({ due, status });
  if (tasks.isError) throw tasks.error;
  const rows = tasks.data?.data;
  const headingId = `tasks-${due}-${status}`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId} className={`mb-1 text-sm font-semibold ${tone === "danger" && rows?.length ? "text-danger" : ""}`}>
        {title} {rows && <span className="font-normal text-muted-fg">({rows.length}{tasks.data?.meta.next_cursor ? "+" : ""})</span>}
      </h2>
      {!rows ? (
        <Skeleton className="h-12 w-full" />
      ) : rows.length === 0 ? (
        <p className="py-2 text-sm text-muted-fg">{empty}</p>
      ) : (
        <ul className="divide-y divide-border">
          {rows.map((task) => (
            <TaskItem key={task.id} task={task} editable={editable} />
          ))}
        </ul>
      )}
    </section>
  );
}

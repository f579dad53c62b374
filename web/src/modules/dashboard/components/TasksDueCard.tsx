import { Link } from "@tanstack/react-router";
import { useTasks } from "@/modules/tasks/api/tasksApi";
import { Card } from "@/ui/Card";
import { Skeleton } from "@/ui/Skeleton";

/** How many of your open tasks are overdue and due today, linking to My tasks. */
export function TasksDueCard() {
  // Same query keys as My tasks, so ticking a task there updates these counts.
  const overdue = useTasks({ due: "overdue", status: "open" });
  const today = useTasks({ due: "today", status: "open" });
  const count = (q: typeof overdue) => (q.data ? `${q.data.data.length}${q.data.meta.next_cursor ? "+" : ""}` : null);
  return (
    <Card className="flex flex-col gap-3">
      <div className="flex items-baseline justify-between">
        <h2 className="font-semibold">Your tasks</h2>
        <Link to="/tasks" className="text-sm text-accent hover:underline">
          Open My tasks
        </Link>
      </div>
      <dl className="grid grid-cols-2 gap-3">
        <div>
          <dt className="text-xs text-muted-fg">Overdue</dt>
          <dd className={`text-2xl font-semibold tabular-nums ${overdue.data?.data.length ? "text-danger" : ""}`}>
            {count(overdue) ?? <Skeleton className="h-7 w-10" />}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted-fg">Due today</dt>
          <dd className="text-2xl font-semibold tabular-nums">{count(today) ?? <Skeleton className="h-7 w-10" />}</dd>
        </div>
      </dl>
    </Card>
  );
}

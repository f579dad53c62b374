import { useState } from "react";
import { usePermissions } from "@/lib/permissions";
import { Button } from "@/ui/Button";
import { TaskQuickAdd } from "./TaskQuickAdd";
import { TaskSection } from "./TaskSection";

/** My tasks: what is overdue, due today, this week and later; tick to complete, add in one line. */
export function MyTasks() {
  const { can } = usePermissions();
  const [showDone, setShowDone] = useState(false);
  const editable = can("activity", "update");
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">My tasks</h1>
        <Button variant="ghost" size="sm" onClick={() => setShowDone((v) => !v)} aria-pressed={showDone}>
          {showDone ? "Hide completed" : "Show completed"}
        </Button>
      </div>
      {can("activity", "create") && <TaskQuickAdd />}
      <TaskSection title="Overdue" due="overdue" editable={editable} tone="danger" empty="Nothing overdue. Well kept." />
      <TaskSection title="Today" due="today" editable={editable} empty="Nothing left for today." />
      <TaskSection title="This week" due="week" editable={editable} empty="Nothing due in the next seven days." />
      <TaskSection title="Later" due="later" editable={editable} empty="Nothing planned further out." />
      <TaskSection title="No due date" due="none" editable={editable} empty="Every task has a due date." />
      {showDone && <TaskSection title="Completed" due="all" status="done" editable={editable} empty="No completed tasks yet." />}
    </div>
  );
}

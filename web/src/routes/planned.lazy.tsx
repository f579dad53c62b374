import { createLazyRoute } from "@tanstack/react-router";
import { PlannedScreen } from "@/modules/shell/components/PlannedScreen";

// One lazy chunk for the screens still to build; each gets its own file then.
export const tasks = createLazyRoute("/app/tasks")({
  component: () => <PlannedScreen title="Tasks" what="What is overdue, due today and this week." />,
});
export const settings = createLazyRoute("/app/settings")({
  component: () => <PlannedScreen title="Settings" what="Organization, members, roles, pipelines, fields, tags and API keys." />,
});

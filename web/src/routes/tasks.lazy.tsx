import { createLazyRoute } from "@tanstack/react-router";
import { MyTasks } from "@/modules/tasks/components/MyTasks";

export const Route = createLazyRoute("/app/tasks")({ component: MyTasks });

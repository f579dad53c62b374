import { createLazyRoute } from "@tanstack/react-router";
import { Dashboard } from "@/modules/dashboard/components/Dashboard";

export const Route = createLazyRoute("/app/")({ component: Dashboard });

import { createRoute, redirect } from "@tanstack/react-router";
import { refreshSession } from "@/lib/api";
import { sessionStore } from "@/lib/session";
import { AppShell } from "@/modules/shell/components/AppShell";
import { rootRoute } from "./rootRoute";

/** Every signed-in screen: restores the session from the refresh cookie, or goes to sign-in. */
export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "app",
  component: AppShell,
  beforeLoad: async ({ location }) => {
    if (sessionStore.get() || (await refreshSession())) return;
    throw redirect({ to: "/sign-in", search: { redirect: location.href } });
  },
});

export const dashboardRoute = createRoute({ getParentRoute: () => appRoute, path: "/" }).lazy(() =>
  import("./dashboard.lazy").then((m) => m.Route),
);

export interface ListSearch {
  q?: string;
  sort?: string;
}

/** `?q=` and `?sort=` of a list screen, kept in the URL so a list can be shared and reloaded. */
export function listSearch(search: Record<string, unknown>): ListSearch {
  return {
    ...(typeof search.q === "string" && search.q ? { q: search.q } : {}),
    ...(typeof search.sort === "string" && search.sort ? { sort: search.sort } : {}),
  };
}

export const companiesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/companies",
  validateSearch: listSearch,
}).lazy(() => import("./companies.lazy").then((m) => m.Route));

export const contactsRoute = createRoute({ getParentRoute: () => appRoute, path: "/contacts", validateSearch: listSearch }).lazy(
  () => import("./planned.lazy").then((m) => m.contacts),
);
export const leadsRoute = createRoute({ getParentRoute: () => appRoute, path: "/leads", validateSearch: listSearch }).lazy(() =>
  import("./planned.lazy").then((m) => m.leads),
);
export const dealsRoute = createRoute({ getParentRoute: () => appRoute, path: "/deals", validateSearch: listSearch }).lazy(() =>
  import("./planned.lazy").then((m) => m.deals),
);
// My tasks and Settings (issue 4, branch w-settings).
export const tasksRoute = createRoute({ getParentRoute: () => appRoute, path: "/tasks" }).lazy(() =>
  import("./tasks.lazy").then((m) => m.Route),
);
export const settingsRoute = createRoute({ getParentRoute: () => appRoute, path: "/settings" }).lazy(() =>
  import("./settings.lazy").then((m) => m.Route),
);
export const settingsSectionRoute = createRoute({ getParentRoute: () => appRoute, path: "/settings/$section" }).lazy(() =>
  import("./settings.lazy").then((m) => m.SectionRoute),
);

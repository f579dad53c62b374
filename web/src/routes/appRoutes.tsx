import { createRoute, redirect } from "@tanstack/react-router";
import { refreshSession } from "@/lib/api";
import { sessionStore } from "@/lib/session";
import { boardSearch } from "@/modules/board/utils/boardSearch";
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
  /** A saved view's id (its filters apply on the server). */
  view?: string;
  count?: "exact" | "estimate";
  /** `filter[field][op]` → value of a flat AND filter. */
  filters?: Record<string, string>;
  /** Opens the kind's create dialog (the command palette's "New …" actions); dropped once opened. */
  create?: boolean;
}

/** A list screen's search, filters, view, sort and count mode, kept in the URL so a list can be shared and reloaded. */
export function listSearch(search: Record<string, unknown>): ListSearch {
  const filters =
    search.filters && typeof search.filters === "object"
      ? Object.fromEntries(Object.entries(search.filters).filter((e): e is [string, string] => typeof e[1] === "string"))
      : {};
  return {
    ...(typeof search.q === "string" && search.q ? { q: search.q } : {}),
    ...(typeof search.sort === "string" && search.sort ? { sort: search.sort } : {}),
    ...(typeof search.view === "string" && search.view ? { view: search.view } : {}),
    ...(search.count === "exact" ? { count: "exact" as const } : {}),
    ...(Object.keys(filters).length > 0 ? { filters } : {}),
    ...(search.create === true || search.create === "true" ? { create: true } : {}),
  };
}

export const companiesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/companies",
  validateSearch: listSearch,
}).lazy(() => import("./companies.lazy").then((m) => m.Route));

export const contactsRoute = createRoute({ getParentRoute: () => appRoute, path: "/contacts", validateSearch: listSearch }).lazy(
  () => import("./contacts.lazy").then((m) => m.Route),
);
export const leadsRoute = createRoute({ getParentRoute: () => appRoute, path: "/leads", validateSearch: listSearch }).lazy(() =>
  import("./leads.lazy").then((m) => m.Route),
);
export const dealsRoute = createRoute({ getParentRoute: () => appRoute, path: "/deals", validateSearch: listSearch }).lazy(() =>
  import("./deals.lazy").then((m) => m.Route),
);
// Deals board (issue 4): its own path beside the list, so /deals/$id never reads "board" as an id.
export const dealsBoardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/deals/board",
  validateSearch: boardSearch,
}).lazy(() => import("./dealsBoard.lazy").then((m) => m.Route));
// Record pages (issue 4): one lazy file for the four kinds' show pages.
export const companyRoute = createRoute({ getParentRoute: () => appRoute, path: "/companies/$id" }).lazy(() =>
  import("./recordShow.lazy").then((m) => m.company),
);
export const contactRoute = createRoute({ getParentRoute: () => appRoute, path: "/contacts/$id" }).lazy(() =>
  import("./recordShow.lazy").then((m) => m.contact),
);
export const leadRoute = createRoute({ getParentRoute: () => appRoute, path: "/leads/$id" }).lazy(() =>
  import("./recordShow.lazy").then((m) => m.lead),
);
export const dealRoute = createRoute({ getParentRoute: () => appRoute, path: "/deals/$id" }).lazy(() =>
  import("./recordShow.lazy").then((m) => m.deal),
);

export const tasksRoute = createRoute({ getParentRoute: () => appRoute, path: "/tasks" }).lazy(() =>
  import("./tasks.lazy").then((m) => m.Route),
);
export const settingsRoute = createRoute({ getParentRoute: () => appRoute, path: "/settings" }).lazy(() =>
  import("./settings.lazy").then((m) => m.Route),
);
export const settingsSectionRoute = createRoute({ getParentRoute: () => appRoute, path: "/settings/$section" }).lazy(() =>
  import("./settings.lazy").then((m) => m.SectionRoute),
);
// Imports (issue 5): the upload step for a kind, then the import's own page (map, check, run, undo).
export const importNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/imports/new",
  validateSearch: (search: Record<string, unknown>): { kind?: "contact" | "company" | "lead" } =>
    search.kind === "contact" || search.kind === "company" || search.kind === "lead" ? { kind: search.kind } : {},
}).lazy(() => import("./imports.lazy").then((m) => m.NewRoute));
export const importRoute = createRoute({ getParentRoute: () => appRoute, path: "/imports/$id" }).lazy(() =>
  import("./imports.lazy").then((m) => m.Route),
);

import { createRouter } from "@tanstack/react-router";
import { queryClient } from "@/lib/queryClient";
import {
  acceptInvitationRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  signInRoute,
  signUpRoute,
  verifyEmailRoute,
} from "./authRoutes";
import {
  appRoute,
  companiesRoute,
  companyRoute,
  contactRoute,
  dealRoute,
  leadRoute,
  contactsRoute,
  dashboardRoute,
  dealsBoardRoute,
  dealsRoute,
  importNewRoute,
  importRoute,
  leadsRoute,
  settingsRoute,
  settingsSectionRoute,
  tasksRoute,
} from "./appRoutes";
import { rootRoute } from "./rootRoute";

const routeTree = rootRoute.addChildren([
  signInRoute,
  signUpRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  verifyEmailRoute,
  acceptInvitationRoute,
  appRoute.addChildren([
    dashboardRoute,
    companiesRoute,
    contactsRoute,
    leadsRoute,
    dealsRoute,
    dealsBoardRoute,
    tasksRoute,
    settingsRoute,
    settingsSectionRoute,
    // Record pages
    companyRoute,
    contactRoute,
    leadRoute,
    dealRoute,
    importNewRoute,
    importRoute,
  ]),
]);

export const router = createRouter({ routeTree, context: { queryClient }, defaultPreload: "intent" });

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}

import { createRoute } from "@tanstack/react-router";
import { rootRoute } from "./rootRoute";

const token = (search: Record<string, unknown>) => ({ token: typeof search.token === "string" ? search.token : "" });

export const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/sign-in",
  validateSearch: (search: Record<string, unknown>): { redirect?: string } =>
    typeof search.redirect === "string" ? { redirect: search.redirect } : {},
}).lazy(() => import("./signIn.lazy").then((m) => m.Route));

export const signUpRoute = createRoute({ getParentRoute: () => rootRoute, path: "/sign-up" }).lazy(() =>
  import("./signUp.lazy").then((m) => m.Route),
);

export const forgotPasswordRoute = createRoute({ getParentRoute: () => rootRoute, path: "/forgot-password" }).lazy(
  () => import("./forgotPassword.lazy").then((m) => m.Route),
);

export const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/reset-password",
  validateSearch: token,
}).lazy(() => import("./resetPassword.lazy").then((m) => m.Route));

export const verifyEmailRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/verify-email",
  validateSearch: token,
}).lazy(() => import("./verifyEmail.lazy").then((m) => m.Route));

export const acceptInvitationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/accept-invitation",
  validateSearch: token,
}).lazy(() => import("./acceptInvitation.lazy").then((m) => m.Route));

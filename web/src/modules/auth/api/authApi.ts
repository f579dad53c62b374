import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api } from "@/lib/api";
import { unwrap } from "@/lib/errors";
import { sessionStore } from "@/lib/session";

type Schemas = components["schemas"];

export const authKeys = {
  invitation: (token: string) => ["invitations", "lookup", token] as const,
  oauthProviders: ["auth", "oauth", "providers"] as const,
};

/** The sign-in providers (Google, GitHub) this server has configured; empty when none is. */
export function useOAuthProviders() {
  return useQuery({
    queryKey: authKeys.oauthProviders,
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/auth/oauth/providers", { signal })).data,
    staleTime: Infinity,
    retry: false,
  });
}

export function useSignIn() {
  return useMutation({
    mutationFn: async (body: Schemas["LoginIn"]) =>
      sessionStore.fromToken(unwrap(await api.POST("/api/v1/auth/login", { body })).data),
  });
}

export function useSignUp() {
  return useMutation({
    mutationFn: async (body: Schemas["RegisterIn"]) =>
      sessionStore.fromToken(unwrap(await api.POST("/api/v1/auth/register", { body })).data),
  });
}

export function useForgotPassword() {
  return useMutation({
    mutationFn: async (body: Schemas["ForgotPasswordIn"]) =>
      unwrap(await api.POST("/api/v1/auth/password/forgot", { body })).data,
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: async (body: Schemas["ResetPasswordIn"]) =>
      unwrap(await api.POST("/api/v1/auth/password/reset", { body })).data,
  });
}

export function useVerifyEmail() {
  return useMutation({
    mutationFn: async (token: string) =>
      unwrap(await api.POST("/api/v1/auth/verify-email", { body: { token } })).data,
  });
}

export function useInvitationLookup(token: string) {
  return useQuery({
    queryKey: authKeys.invitation(token),
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/invitations/lookup", { params: { query: { token } } })).data,
    enabled: token.length > 0,
  });
}

export function useAcceptInvitation() {
  return useMutation({
    mutationFn: async (body: Schemas["AcceptIn"]) =>
      sessionStore.fromToken(unwrap(await api.POST("/api/v1/invitations/accept", { body })).data),
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      // Signing out locally must work even if the server call fails (e.g. already expired).
      await api.POST("/api/v1/auth/logout", { body: { all_devices: false } }).catch(() => undefined);
    },
    onSettled: () => {
      sessionStore.set(null);
      queryClient.clear();
    },
  });
}

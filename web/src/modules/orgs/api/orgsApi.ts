import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";
import { unwrap } from "@/lib/errors";
import { sessionStore } from "@/lib/session";

export const orgKeys = {
  mine: ["me", "organizations"] as const,
};

export function useMyOrganizations() {
  return useQuery({
    queryKey: orgKeys.mine,
    queryFn: async () => unwrap(await api.GET("/api/v1/me/organizations")).data,
  });
}

/** Works in another organization: a new token, and every cached query belongs to the old one. */
export function useSwitchOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (organizationId: string) =>
      sessionStore.fromToken(
        unwrap(await api.POST("/api/v1/auth/switch", { body: { organization_id: organizationId } })).data,
      ),
    onSuccess: () => queryClient.resetQueries(),
  });
}

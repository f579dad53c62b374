import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api } from "@/lib/api";
import { unwrap } from "@/lib/errors";

export type ApiKey = components["schemas"]["ApiKeyOut"];
export type ApiKeyCreated = components["schemas"]["ApiKeyCreated"];
export type ApiKeyCreateBody = components["schemas"]["ApiKeyCreate"];

export const apiKeyKeys = { all: ["api-keys"] as const };

export function useApiKeys() {
  return useQuery({
    queryKey: apiKeyKeys.all,
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/api-keys", { params: { query: { page_size: 200 } }, signal })).data,
  });
}

/** Creates a key; the answer is the only time its secret is ever readable. */
export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ApiKeyCreateBody) => unwrap(await api.POST("/api/v1/api-keys", { body })).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    // Revoking is idempotent (a revoked key revoked again changes nothing): no If-Match.
    mutationFn: async (key: ApiKey) => {
      const result = await api.DELETE("/api/v1/api-keys/{api_key_id}", { params: { path: { api_key_id: key.id } } });
      if (!result.response.ok) unwrap(result);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}

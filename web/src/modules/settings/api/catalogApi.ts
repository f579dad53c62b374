import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api } from "@/lib/api";
import { unwrap } from "@/lib/errors";
import { etagOf } from "./versioned";

export type Tag = components["schemas"]["TagDetail"];
export type TagCreateBody = components["schemas"]["TagCreate"];
export type CustomField = components["schemas"]["CustomFieldOut"];
export type CustomFieldCreateBody = components["schemas"]["CustomFieldCreate"];
export type CustomFieldUpdateBody = components["schemas"]["CustomFieldUpdate"];
export type RecordKind = components["schemas"]["RecordKind"];
export type FieldType = components["schemas"]["FieldType"];

export const catalogKeys = {
  tags: ["tags"] as const,
  fields: (kind: RecordKind) => ["custom-fields", kind] as const,
};

export function useTags() {
  return useQuery({
    queryKey: catalogKeys.tags,
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/tags", { signal })).data,
  });
}

export function useCreateTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: TagCreateBody) => unwrap(await api.POST("/api/v1/tags", { body })).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: catalogKeys.tags }),
  });
}

const tagEtag = (tag_id: string) => etagOf(api.GET("/api/v1/tags/{tag_id}", { params: { path: { tag_id } } }));

export function useUpdateTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ tag_id, body }: { tag_id: string; body: Partial<TagCreateBody> }) =>
      unwrap(
        await api.PATCH("/api/v1/tags/{tag_id}", { params: { path: { tag_id }, header: { "If-Match": await tagEtag(tag_id) } }, body }),
      ).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: catalogKeys.tags }),
  });
}

export function useDeleteTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (tag_id: string) => {
      const result = await api.DELETE("/api/v1/tags/{tag_id}", {
        params: { path: { tag_id }, header: { "If-Match": await tagEtag(tag_id) } },
      });
      if (!result.response.ok) unwrap(result);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: catalogKeys.tags }),
  });
}

export function useCustomFields(kind: RecordKind) {
  return useQuery({
    queryKey: catalogKeys.fields(kind),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/custom-fields", { params: { query: { record_kind: kind } }, signal })).data,
  });
}

const fieldEtag = (custom_field_id: string) =>
  etagOf(api.GET("/api/v1/custom-fields/{custom_field_id}", { params: { path: { custom_field_id } } }));

export function useCreateCustomField() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CustomFieldCreateBody) => unwrap(await api.POST("/api/v1/custom-fields", { body })).data,
    onSuccess: (field) => queryClient.invalidateQueries({ queryKey: catalogKeys.fields(field.record_kind) }),
  });
}

export function useUpdateCustomField() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: CustomFieldUpdateBody }) =>
      unwrap(
        await api.PATCH("/api/v1/custom-fields/{custom_field_id}", {
          params: { path: { custom_field_id: id }, header: { "If-Match": await fieldEtag(id) } },
          body,
        }),
      ).data,
    onSuccess: (field) => queryClient.invalidateQueries({ queryKey: catalogKeys.fields(field.record_kind) }),
  });
}

export function useDeleteCustomField() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (field: CustomField) => {
      const result = await api.DELETE("/api/v1/custom-fields/{custom_field_id}", {
        params: { path: { custom_field_id: field.id }, header: { "If-Match": await fieldEtag(field.id) } },
      });
      if (!result.response.ok) unwrap(result);
      return field;
    },
    onSuccess: (field) => queryClient.invalidateQueries({ queryKey: catalogKeys.fields(field.record_kind) }),
  });
}

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api, ifMatch } from "@/lib/api";
import { unwrap } from "@/lib/errors";
import { versioned } from "./versioned";

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

/** The organization's tags, for pickers, filters and the settings screen. Without usage
 * counts: no screen shows them, and counting reads every tagging (seconds at a million records). */
export function useTags() {
  return useQuery({
    queryKey: catalogKeys.tags,
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/tags", { params: { query: { usage: false } }, signal })).data,
  });
}

export function useCreateTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: TagCreateBody) => unwrap(await api.POST("/api/v1/tags", { body })).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: catalogKeys.tags }),
  });
}

/** Renames or recolours a tag as the screen read it (`tag.version`). */
export function useUpdateTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: versioned(
      async ({ tag, body }: { tag: Tag; body: Partial<TagCreateBody> }) =>
        unwrap(await api.PATCH("/api/v1/tags/{tag_id}", { params: { path: { tag_id: tag.id }, header: ifMatch(tag.version) }, body })).data,
    ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: catalogKeys.tags }),
  });
}

export function useDeleteTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: versioned(async (tag: Tag) => {
      const result = await api.DELETE("/api/v1/tags/{tag_id}", { params: { path: { tag_id: tag.id }, header: ifMatch(tag.version) } });
      if (!result.response.ok) unwrap(result);
    }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: catalogKeys.tags }),
  });
}

export function useCustomFields(kind: RecordKind) {
  return useQuery({
    queryKey: catalogKeys.fields(kind),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/custom-fields", { params: { query: { record_kind: kind } }, signal })).data,
  });
}

export function useCreateCustomField() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CustomFieldCreateBody) => unwrap(await api.POST("/api/v1/custom-fields", { body })).data,
    onSuccess: (field) => queryClient.invalidateQueries({ queryKey: catalogKeys.fields(field.record_kind) }),
  });
}

/** Changes a field as the form read it (`field.version`). */
const updateField = versioned(
  async ({ field, body }: { field: CustomField; body: CustomFieldUpdateBody }) =>
    unwrap(
      await api.PATCH("/api/v1/custom-fields/{custom_field_id}", {
        params: { path: { custom_field_id: field.id }, header: ifMatch(field.version) },
        body,
      }),
    ).data,
);

const deleteField = versioned(async ({ field }: { field: CustomField }) => {
  const result = await api.DELETE("/api/v1/custom-fields/{custom_field_id}", {
    params: { path: { custom_field_id: field.id }, header: ifMatch(field.version) },
  });
  if (!result.response.ok) unwrap(result);
});

/** The kind's fields are read again after a change, failed or not. */
function useFieldMutation<A extends { field: CustomField }, R>(mutationFn: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: (_data, _error, { field }) => queryClient.invalidateQueries({ queryKey: catalogKeys.fields(field.record_kind) }),
  });
}

export const useUpdateCustomField = () => useFieldMutation(updateField);
export const useDeleteCustomField = () => useFieldMutation(deleteField);

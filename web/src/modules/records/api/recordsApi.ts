import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api, ifMatch } from "@/lib/api";
import { unwrap } from "@/lib/errors";
import type { Plural, RecordKindName, RecordRow } from "../utils/kinds";
export { useMembers } from "@/modules/settings/api/orgApi";
export { useTags } from "@/modules/settings/api/catalogApi";
// One cache for the whole app: settings edits the definitions and every screen sees them.
export { useCustomFields } from "@/modules/settings/api/catalogApi";

export type View = components["schemas"]["ViewOut"];
export type ViewCreateBody = components["schemas"]["ViewCreate"];
export type ViewUpdateBody = components["schemas"]["ViewUpdate"];
export type BulkBody = components["schemas"]["BulkRequest"];
export type BulkResult = components["schemas"]["BulkResult"];
export type CustomField = components["schemas"]["CustomFieldOut"];
export type Member = components["schemas"]["MemberOut"];
export type TagRef = components["schemas"]["TagRef"];
export type ListMeta = components["schemas"]["ListMeta"];

export const recordKeys = {
  all: (plural: Plural) => [plural] as const,
  lists: (plural: Plural) => [plural, "list"] as const,
  list: (plural: Plural, params: object) => [plural, "list", params] as const,
};

export const viewKeys = {
  all: ["views"] as const,
  list: (kind: RecordKindName) => ["views", kind] as const,
};

/*
 * The four kinds share one shape (the records kit on the server), so the list screens call the
 * same endpoints with the kind's plural. The generated client types each path separately; the
 * companies path stands in for all four here, which is exact for every shared parameter.
 */
type ListPath = "/api/v1/companies";
type ItemPath = "/api/v1/companies/{company_id}";
type BulkPath = "/api/v1/companies/bulk";

export interface ListPage {
  data: RecordRow[];
  meta: ListMeta;
}

/** One keyset page of a kind's list; `query` holds q/sort/view/count/cursor/limit and filter[...] params. */
export async function fetchRecordPage(plural: Plural, query: Record<string, string | number>, signal?: AbortSignal): Promise<ListPage> {
  const result = await api.GET(`/api/v1/${plural}` as ListPath, {
    params: { query: query as never },
    signal,
  });
  return unwrap(result) as unknown as ListPage;
}

/** PATCH one field of a record, guarded by its version (a 412 means someone else changed it). */
export function useUpdateRecord(plural: Plural) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, version, body }: { id: string; version: number; body: Record<string, unknown> }) => {
      const result = await api.PATCH(`/api/v1/${plural}/{id}` as ItemPath, {
        params: { path: { id } as never, header: ifMatch(version) as never },
        body: body as never,
      });
      return unwrap(result).data as unknown as RecordRow;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: recordKeys.lists(plural) }),
  });
}

/** One all-or-nothing bulk action over the selected ids. */
export function useBulkRecords(plural: Plural) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: BulkBody) =>
      unwrap(await api.POST(`/api/v1/${plural}/bulk` as BulkPath, { body })).data as BulkResult,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recordKeys.lists(plural) }),
  });
}

export function useViews(kind: RecordKindName) {
  return useQuery({
    queryKey: viewKeys.list(kind),
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/views", { params: { query: { record_kind: kind } }, signal })).data,
  });
}

export function useCreateView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ViewCreateBody) => unwrap(await api.POST("/api/v1/views", { body })).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: viewKeys.all }),
  });
}

export function useUpdateView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ view, body }: { view: View; body: ViewUpdateBody }) =>
      unwrap(
        await api.PATCH("/api/v1/views/{view_id}", {
          params: { path: { view_id: view.id }, header: ifMatch(view.version) as never },
          body,
        }),
      ).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: viewKeys.all }),
  });
}

export function useDeleteView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (view: View) => {
      const result = await api.DELETE("/api/v1/views/{view_id}", {
        params: { path: { view_id: view.id }, header: ifMatch(view.version) as never },
      });
      if (result.error !== undefined || !result.response.ok) unwrap({ ...result, data: undefined });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: viewKeys.all }),
  });
}





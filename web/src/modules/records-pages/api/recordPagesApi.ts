import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api, ifMatch } from "@/lib/api";
import { unwrap } from "@/lib/errors";
import { taskKeys } from "@/modules/tasks/api/tasksApi";
export { useMembers } from "@/modules/settings/api/orgApi";
export { usePipelines } from "@/modules/settings/api/pipelinesApi";
// One cache for the whole app: settings edits these and every screen sees the change.
export { useCustomFields } from "@/modules/settings/api/catalogApi";

type S = components["schemas"];
export type RecordKind = S["RecordKind"];
export type Company = S["CompanyOut"];
export type Contact = S["ContactOut"];
export type Lead = S["LeadOut"];
export type Deal = S["DealOut"];
export interface RecordOf {
  company: Company;
  contact: Contact;
  lead: Lead;
  deal: Deal;
}
export interface UpdateOf {
  company: S["CompanyUpdate"];
  contact: S["ContactUpdate"];
  lead: S["LeadUpdate"];
  deal: S["DealUpdate"];
}
export type AnyRecord = RecordOf[RecordKind];
export type CustomField = S["CustomFieldOut"];
export type TimelineItem = S["TimelineItem"];
export type ActivityCreate = S["ActivityCreate"];
export type Duplicate = S["DuplicateRef"];
export type LeadConvert = S["LeadConvert"];
export type MergeBody = S["ContactMerge"];
export type Pipeline = S["PipelineOut"];
export type Member = S["MemberOut"];

export const PLURAL: Record<RecordKind, "companies" | "contacts" | "leads" | "deals"> = {
  company: "companies",
  contact: "contacts",
  lead: "leads",
  deal: "deals",
};

export const recordKeys = {
  record: (kind: RecordKind, id: string) => [PLURAL[kind], "detail", id] as const,
  timeline: (kind: RecordKind, id: string) => [PLURAL[kind], "detail", id, "timeline"] as const,
  duplicates: (kind: RecordKind, id: string) => [PLURAL[kind], "detail", id, "duplicates"] as const,
  related: (plural: string, field: string, id: string) => [plural, "related", field, id] as const,
  customFields: (kind: RecordKind) => ["custom-fields", kind] as const,
  pipelines: ["pipelines", "all"] as const,
  members: ["members", "all"] as const,
};

// If-Match carries the version the person saw; the server answers 412 when it moved on.

async function fetchRecord<K extends RecordKind>(kind: K, id: string, signal?: AbortSignal): Promise<RecordOf[K]> {
  const opts = { signal };
  const result =
    kind === "company"
      ? await api.GET("/api/v1/companies/{company_id}", { ...opts, params: { path: { company_id: id } } })
      : kind === "contact"
        ? await api.GET("/api/v1/contacts/{contact_id}", { ...opts, params: { path: { contact_id: id } } })
        : kind === "lead"
          ? await api.GET("/api/v1/leads/{lead_id}", { ...opts, params: { path: { lead_id: id } } })
          : await api.GET("/api/v1/deals/{deal_id}", { ...opts, params: { path: { deal_id: id } } });
  return unwrap<{ data: AnyRecord }>(result).data as RecordOf[K];
}

async function patchRecord<K extends RecordKind>(kind: K, id: string, version: number, body: UpdateOf[K]): Promise<RecordOf[K]> {
  const headers = ifMatch(version);
  const result =
    kind === "company"
      ? await api.PATCH("/api/v1/companies/{company_id}", { headers, params: { path: { company_id: id } }, body: body as UpdateOf["company"] })
      : kind === "contact"
        ? await api.PATCH("/api/v1/contacts/{contact_id}", { headers, params: { path: { contact_id: id } }, body: body as UpdateOf["contact"] })
        : kind === "lead"
          ? await api.PATCH("/api/v1/leads/{lead_id}", { headers, params: { path: { lead_id: id } }, body: body as UpdateOf["lead"] })
          : await api.PATCH("/api/v1/deals/{deal_id}", { headers, params: { path: { deal_id: id } }, body: body as UpdateOf["deal"] });
  return unwrap<{ data: AnyRecord }>(result).data as RecordOf[K];
}

async function deleteRecord(kind: RecordKind, id: string, version: number): Promise<void> {
  const headers = ifMatch(version);
  const result =
    kind === "company"
      ? await api.DELETE("/api/v1/companies/{company_id}", { headers, params: { path: { company_id: id } } })
      : kind === "contact"
        ? await api.DELETE("/api/v1/contacts/{contact_id}", { headers, params: { path: { contact_id: id } } })
        : kind === "lead"
          ? await api.DELETE("/api/v1/leads/{lead_id}", { headers, params: { path: { lead_id: id } } })
          : await api.DELETE("/api/v1/deals/{deal_id}", { headers, params: { path: { deal_id: id } } });
  // 204 has no body: only an error needs unwrapping.
  if (!result.response.ok) unwrap(result);
}

async function restoreRecord(kind: RecordKind, id: string): Promise<void> {
  const result =
    kind === "company"
      ? await api.POST("/api/v1/companies/{company_id}/restore", { params: { path: { company_id: id } } })
      : kind === "contact"
        ? await api.POST("/api/v1/contacts/{contact_id}/restore", { params: { path: { contact_id: id } } })
        : kind === "lead"
          ? await api.POST("/api/v1/leads/{lead_id}/restore", { params: { path: { lead_id: id } } })
          : await api.POST("/api/v1/deals/{deal_id}/restore", { params: { path: { deal_id: id } } });
  unwrap<{ data: AnyRecord }>(result);
}

async function fetchTimeline(kind: RecordKind, id: string, cursor: string | null, signal: AbortSignal) {
  const query = { cursor: cursor ?? undefined, limit: 25 };
  const result =
    kind === "company"
      ? await api.GET("/api/v1/companies/{company_id}/timeline", { signal, params: { query, path: { company_id: id } } })
      : kind === "contact"
        ? await api.GET("/api/v1/contacts/{contact_id}/timeline", { signal, params: { query, path: { contact_id: id } } })
        : kind === "lead"
          ? await api.GET("/api/v1/leads/{lead_id}/timeline", { signal, params: { query, path: { lead_id: id } } })
          : await api.GET("/api/v1/deals/{deal_id}/timeline", { signal, params: { query, path: { deal_id: id } } });
  return unwrap(result);
}

export function useRecord<K extends RecordKind>(kind: K, id: string) {
  return useQuery({ queryKey: recordKeys.record(kind, id), queryFn: ({ signal }) => fetchRecord(kind, id, signal) });
}

/** PATCH with If-Match; the caller handles a 412 (ApiError.status) with the conflict dialog. */
export function useUpdateRecord<K extends RecordKind>(kind: K, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, body }: { version: number; body: UpdateOf[K] }) => patchRecord(kind, id, version, body),
    onSuccess: (record) => {
      queryClient.setQueryData(recordKeys.record(kind, id), record);
      void queryClient.invalidateQueries({ queryKey: [PLURAL[kind]] });
    },
  });
}

export function useDeleteRecord(kind: RecordKind, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => deleteRecord(kind, id, version),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [PLURAL[kind]] }),
  });
}

export function useRestoreRecord(kind: RecordKind, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => restoreRecord(kind, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [PLURAL[kind]] }),
  });
}


/** Keyset pages of the timeline, newest first; `fetchNextPage` is "load more". */
export function useTimeline(kind: RecordKind, id: string) {
  return useInfiniteQuery({
    queryKey: recordKeys.timeline(kind, id),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => fetchTimeline(kind, id, pageParam, signal),
    getNextPageParam: (last) => last.meta.next_cursor,
  });
}

export function useCreateActivity(kind: RecordKind, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ActivityCreate) => unwrap(await api.POST("/api/v1/activities", { body })).data,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: recordKeys.timeline(kind, id) });
      // A task logged here belongs in My tasks and the dashboard's "tasks due" (no query used ["activities"]).
      void queryClient.invalidateQueries({ queryKey: taskKeys.all });
    },
  });
}

// The list endpoints accept `filter[<field>][<op>]`, which the OpenAPI document cannot name.
const filterOn = (field: string, id: string): Record<string, string> => ({ [`filter[${field}][eq]`]: id });

export function useRelatedContacts(companyId: string) {
  return useQuery({
    queryKey: recordKeys.related("contacts", "company_id", companyId),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/contacts", { signal, params: { query: { limit: 50, count: "exact", ...filterOn("company_id", companyId) } } })),
  });
}

export function useRelatedDeals(field: "company_id" | "contact_id", id: string) {
  return useQuery({
    queryKey: recordKeys.related("deals", field, id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/deals", { signal, params: { query: { limit: 50, count: "exact", ...filterOn(field, id) } } })),
  });
}

/** Likely duplicates: the contacts endpoint for contacts; a name search for companies. */
export function useDuplicates(kind: "company" | "contact", record: Company | Contact) {
  return useQuery({
    queryKey: recordKeys.duplicates(kind, record.id),
    queryFn: async ({ signal }): Promise<Duplicate[]> => {
      if (kind === "contact") {
        const result = await api.GET("/api/v1/contacts/{contact_id}/duplicates", { signal, params: { path: { contact_id: record.id } } });
        return unwrap(result).data;
      }
      const name = (record as Company).name;
      const result = await api.GET("/api/v1/companies", { signal, params: { query: { q: name, limit: 10, count: "none" } } });
      return unwrap(result)
        .data.filter((c) => c.id !== record.id)
        .map((c) => ({ id: c.id, kind: "company" as const, name: c.name, reason: "similar_name" as const }));
    },
  });
}

export function useMergeRecord(kind: "company" | "contact", id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ version, body }: { version: number; body: MergeBody }): Promise<AnyRecord> => {
      const headers = ifMatch(version);
      const result =
        kind === "company"
          ? await api.POST("/api/v1/companies/{company_id}/merge", { headers, params: { path: { company_id: id } }, body })
          : await api.POST("/api/v1/contacts/{contact_id}/merge", { headers, params: { path: { contact_id: id } }, body });
      return unwrap<{ data: AnyRecord }>(result).data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [PLURAL[kind]] }),
  });
}

export function useConvertLead(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ version, body }: { version: number; body: LeadConvert }) =>
      unwrap(await api.POST("/api/v1/leads/{lead_id}/convert", { headers: ifMatch(version), params: { path: { lead_id: id } }, body })).data,
    onSuccess: () => {
      for (const plural of ["leads", "contacts", "companies", "deals"]) void queryClient.invalidateQueries({ queryKey: [plural] });
    },
  });
}



import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api } from "@/lib/api";
import { ApiError, unwrap } from "@/lib/errors";
import type { Job } from "@/modules/jobs/api/jobsApi";
import type { Plural } from "@/modules/records/utils/kinds";
import { fileNameOf } from "../utils/exportColumns";

export type DownloadLink = components["schemas"]["DownloadLink"];
export type CalendarFeed = components["schemas"]["CalendarFeedOut"];
export type CalendarFeedCreated = components["schemas"]["CalendarFeedCreated"];

// Every kind's export takes the same parameters; the contacts route stands for its type.
type ExportPath = "/api/v1/contacts/export";
const exportPath = (plural: Plural) => `/api/v1/${plural}/export` as ExportPath;

/** Saves a downloaded file through a temporary link, as the browser would for a navigation. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = filename;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function fileOf(result: { data?: Blob; error?: unknown; response: Response }, fallback: string): Promise<void> {
  if (!result.response.ok) {
    // openapi-fetch parsed nothing: read the error envelope ourselves.
    const body = (await result.response.json().catch(() => ({}))) as object;
    unwrap({ error: body, response: result.response });
  }
  const blob = unwrap(result);
  saveBlob(blob, fileNameOf(result.response.headers.get("content-disposition"), fallback));
}

/** Downloads a list export at once (small lists); a list too large for that is an ApiError 422
 * whose detail type is `too_many_rows`. */
export async function downloadList(plural: Plural, query: Record<string, string>): Promise<void> {
  const result = await api.GET(exportPath(plural), { params: { query }, parseAs: "blob" });
  await fileOf(result, `${plural}.${query.format ?? "csv"}`);
}

export function isTooLarge(error: unknown): boolean {
  return error instanceof ApiError && error.status === 422 && error.details.some((d) => d.type === "too_many_rows");
}

export async function startListExport(plural: Plural, query: Record<string, string>): Promise<Job> {
  return unwrap(await api.POST(exportPath(plural), { params: { query } })).data;
}

export async function exportLink(jobId: string): Promise<DownloadLink> {
  return unwrap(await api.GET("/api/v1/exports/{job_id}/link", { params: { path: { job_id: jobId } } })).data;
}

/** Opens a job's file: a fresh signed link each time (links expire), followed by the browser. */
export async function openExport(jobId: string): Promise<void> {
  const link = await exportLink(jobId);
  window.location.assign(link.url);
}

export async function downloadContactCard(id: string): Promise<void> {
  const result = await api.GET("/api/v1/contacts/{contact_id}/vcard", {
    params: { path: { contact_id: id } },
    parseAs: "blob",
  });
  await fileOf(result, "contact.vcf");
}

export async function downloadContactCards(query: Record<string, string>): Promise<void> {
  const result = await api.GET("/api/v1/contacts/vcard", { params: { query }, parseAs: "blob" });
  await fileOf(result, "contacts.vcf");
}

export function useStartOrgExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/org/export")).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["jobs"] }),
  });
}

export const calendarKeys = { feed: ["calendar-feed"] as const };

export function useCalendarFeed() {
  return useQuery({
    queryKey: calendarKeys.feed,
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/calendar-feed", { signal })).data,
  });
}

export function useRotateCalendarFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/calendar-feed")).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: calendarKeys.feed }),
  });
}

export function useRevokeCalendarFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const result = await api.DELETE("/api/v1/calendar-feed");
      if (!result.response.ok) unwrap(result);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: calendarKeys.feed }),
  });
}

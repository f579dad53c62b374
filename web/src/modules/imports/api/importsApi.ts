import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api } from "@/lib/api";
import { unwrap } from "@/lib/errors";

export type DataImport = components["schemas"]["ImportOut"];
export type ImportUpdate = components["schemas"]["ImportUpdate"];
export type ImportKind = DataImport["kind"];

export const importKeys = {
  all: ["imports"] as const,
  detail: (id: string) => [...importKeys.all, "detail", id] as const,
};

export function useImport(id: string | undefined) {
  return useQuery({
    queryKey: importKeys.detail(id ?? ""),
    enabled: Boolean(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/imports/{import_id}", { params: { path: { import_id: id ?? "" } }, signal })).data,
  });
}

/** Upload a file (multipart): the answer is the sniffed import with its automatic mapping. */
export function useUploadImport() {
  return useMutation({
    mutationFn: async ({ file, kind }: { file: File; kind: ImportKind }) => {
      const form = new FormData();
      form.append("kind", kind);
      form.append("file", file);
      return unwrap(
        await api.POST("/api/v1/imports", {
          // The generated type describes the multipart fields; the browser sends the FormData.
          body: form as unknown as components["schemas"]["Body_imports-create_import"],
          bodySerializer: (body) => body as unknown as FormData,
        }),
      ).data;
    },
  });
}

export function useUpdateImport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ImportUpdate) =>
      unwrap(await api.PATCH("/api/v1/imports/{import_id}", { params: { path: { import_id: id } }, body })).data,
    onSuccess: (data) => queryClient.setQueryData(importKeys.detail(id), data),
  });
}

export type ImportPass = "validate" | "run" | "undo";

/** Start a dry run, the run or the undo: each is a job; the import is re-read when it ends. */
export function useStartPass(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (pass: ImportPass) => {
      const params = { params: { path: { import_id: id } } };
      const result =
        pass === "validate"
          ? await api.POST("/api/v1/imports/{import_id}/validate", params)
          : pass === "run"
            ? await api.POST("/api/v1/imports/{import_id}/run", params)
            : await api.POST("/api/v1/imports/{import_id}/undo", params);
      return unwrap(result).data;
    },
    onSuccess: (data) => queryClient.setQueryData(importKeys.detail(id), data.record),
  });
}

/** Download the error file (rows not applied, with a Reason column). */
export async function downloadErrors(item: DataImport): Promise<void> {
  const result = await api.GET("/api/v1/imports/{import_id}/errors", {
    params: { path: { import_id: item.id } },
    parseAs: "blob",
  });
  const blob = unwrap(result as { data?: Blob; error?: unknown; response: Response });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = `${item.filename.replace(/\.[^.]+$/, "")}-errors.csv`;
  link.click();
  URL.revokeObjectURL(url);
}

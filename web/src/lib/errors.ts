import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

export interface ErrorDetail {
  loc?: (string | number)[];
  msg?: string;
  type?: string;
}

/** An error answer of the API, with the request id to quote when reporting it. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  readonly requestId: string | null;

  constructor(status: number, code: string, message: string, details: ErrorDetail[], requestId: string | null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }
}

interface ErrorEnvelope {
  error?: { code?: string; message?: string; details?: ErrorDetail[]; request_id?: string | null } | null;
}

/** Returns `data` of an openapi-fetch result, or throws the API's error as an ApiError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error === undefined && result.data !== undefined) return result.data;
  const body = (result.error ?? {}) as ErrorEnvelope;
  const requestId = body.error?.request_id ?? result.response.headers.get("x-request-id");
  throw new ApiError(
    result.response.status,
    body.error?.code ?? "http_error",
    body.error?.message ?? `The server answered ${result.response.status}.`,
    body.error?.details ?? [],
    requestId,
  );
}

/**
 * Puts the API's 422 details on the form fields they name (`loc: ["body", "name"]` -> `name`).
 * Returns the messages no field of the form could show, so the caller can toast them.
 */
export function applyFieldErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
): string[] {
  if (!(error instanceof ApiError)) return [error instanceof Error ? error.message : String(error)];
  if (error.status !== 422 || error.details.length === 0) return [error.message];
  const unplaced: string[] = [];
  for (const detail of error.details) {
    const path = (detail.loc ?? []).filter((part, i) => !(i === 0 && part === "body")).join(".");
    const field = fields.find((name) => name === path || path.startsWith(`${name}.`));
    if (field) setError(field, { type: "server", message: detail.msg ?? error.message });
    else unplaced.push(detail.msg ?? error.message);
  }
  return unplaced;
}

import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { paths } from "@/client/schema";
import { type TokenOut, sessionStore } from "./session";

export const REFRESH_PATH = "/api/v1/auth/refresh";
const CSRF_HEADER = "X-Heron-CSRF";

type Fetch = typeof globalThis.fetch;

export interface ApiOptions {
  baseUrl?: string;
  fetch?: Fetch;
}

/**
 * Exchanges the HttpOnly refresh cookie for a new access token. Concurrent callers share one
 * request, because the server rotates the refresh token and a second use would end the session.
 */
export function createRefresher(baseUrl: string, fetchImpl: () => Fetch): () => Promise<boolean> {
  let inFlight: Promise<boolean> | null = null;
  return () => {
    inFlight ??= (async () => {
      try {
        const response = await fetchImpl()(`${baseUrl}${REFRESH_PATH}`, {
          method: "POST",
          credentials: "include",
          headers: { [CSRF_HEADER]: "1" },
        });
        if (!response.ok) {
          sessionStore.set(null);
          return false;
        }
        const body = (await response.json()) as { data: TokenOut };
        sessionStore.fromToken(body.data);
        return true;
      } catch {
        sessionStore.set(null);
        return false;
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  };
}

function authorize(request: Request): void {
  const session = sessionStore.get();
  if (!session) return;
  request.headers.set("Authorization", `Bearer ${session.accessToken}`);
  if (session.organizationId) request.headers.set("X-Heron-Org", session.organizationId);
}

/**
 * Adds the bearer token and organization header; on a 401 refreshes ONCE through the cookie and
 * retries the request with the new token. Auth endpoints are never retried (a wrong password is
 * a real 401), and the retry goes straight to fetch so it cannot loop.
 */
export function authMiddleware(refresh: () => Promise<boolean>, fetchImpl: () => Fetch): Middleware {
  const originals = new WeakMap<Request, Request>();
  return {
    onRequest({ request }) {
      authorize(request);
      if (!new URL(request.url).pathname.startsWith("/api/v1/auth/")) {
        originals.set(request, request.clone());
      }
      return request;
    },
    async onResponse({ request, response }) {
      const original = originals.get(request);
      if (response.status !== 401 || !original) return response;
      if (!(await refresh())) return response;
      authorize(original);
      return fetchImpl()(original);
    },
  };
}

export function createApi(options: ApiOptions = {}): { client: Client<paths>; refresh: () => Promise<boolean> } {
  const baseUrl = options.baseUrl ?? "";
  // Resolved at call time so tests can replace globalThis.fetch after the client exists.
  const fetchImpl = () => options.fetch ?? globalThis.fetch;
  const refresh = createRefresher(baseUrl, fetchImpl);
  const client = createClient<paths>({ baseUrl, fetch: (input) => fetchImpl()(input) });
  client.use(authMiddleware(refresh, fetchImpl));
  return { client, refresh };
}

const origin = typeof window === "undefined" ? "http://localhost" : window.location.origin;
const heron = createApi({ baseUrl: origin });

/** The one typed API client of the app; modules build their hooks on it. */
export const api = heron.client;
/** Restores a session from the refresh cookie (used when the app starts). */
export const refreshSession = heron.refresh;

/** The If-Match header for a record read at `version`: the write is refused (412) if it changed since. */
export const ifMatch = (version: number) => ({ "If-Match": `"${version}"` });

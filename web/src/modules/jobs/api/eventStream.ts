import { refreshSession } from "@/lib/api";
import { sessionStore } from "@/lib/session";
import { type StreamEvent, parseEventStream } from "../utils/parseEventStream";

export interface FollowOptions {
  signal: AbortSignal;
  /** Called for each event; return `true` to stop following. */
  onEvent: (event: StreamEvent) => boolean | void;
  /** Wait before reconnecting after the stream ended or failed (ms). */
  retryMs?: number;
  fetchImpl?: typeof fetch;
}

function headers(): HeadersInit {
  const session = sessionStore.get();
  const values: Record<string, string> = { Accept: "text/event-stream" };
  if (session) {
    values.Authorization = `Bearer ${session.accessToken}`;
    if (session.organizationId) values["X-Heron-Org"] = session.organizationId;
  }
  return values;
}

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Follows a server-sent events endpoint of the API with `fetch` (EventSource cannot send the
 * Authorization header): refreshes the session once on a 401, reconnects when the stream ends
 * or the network fails, until `onEvent` says stop, the signal aborts, or the server answers
 * with another error (then the promise rejects with the status).
 */
export async function followEventStream(path: string, options: FollowOptions): Promise<void> {
  const { signal, onEvent, retryMs = 2000 } = options;
  const doFetch = options.fetchImpl ?? globalThis.fetch;
  let refreshed = false;
  while (!signal.aborted) {
    let response: Response;
    try {
      response = await doFetch(path, { headers: headers(), signal, credentials: "same-origin" });
    } catch {
      if (signal.aborted) return;
      await wait(retryMs, signal);
      continue;
    }
    if (response.status === 401 && !refreshed) {
      refreshed = true;
      if (await refreshSession()) continue;
    }
    if (!response.ok || !response.body) throw new Error(`stream refused: ${response.status}`);
    refreshed = false;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const parsed = parseEventStream(buffer + decoder.decode(value, { stream: true }));
        buffer = parsed.rest;
        for (const event of parsed.events) if (onEvent(event)) return;
      }
    } catch {
      if (signal.aborted) return;
    } finally {
      reader.releaseLock();
    }
    await wait(retryMs, signal);
  }
}

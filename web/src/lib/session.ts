import { useSyncExternalStore } from "react";
import type { components } from "@/client/schema";

export type User = components["schemas"]["UserOut"];
export type TokenOut = components["schemas"]["TokenOut"];

export interface Session {
  accessToken: string;
  organizationId: string | null;
  user: User;
}

// The access token lives in memory only (never localStorage): a reload restores the session
// through the HttpOnly refresh cookie instead.
let current: Session | null = null;
const listeners = new Set<() => void>();

export const sessionStore = {
  get: (): Session | null => current,
  set(next: Session | null): void {
    current = next;
    listeners.forEach((listener) => listener());
  },
  fromToken(token: TokenOut): Session {
    const session = {
      accessToken: token.access_token,
      organizationId: token.organization_id,
      user: token.user,
    };
    sessionStore.set(session);
    return session;
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** The signed-in session, re-rendering when it changes (sign-in, refresh, switch, sign-out). */
export function useSession(): Session | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get, sessionStore.get);
}

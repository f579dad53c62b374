import { beforeEach, describe, expect, it, vi } from "vitest";
import { createApi } from "./api";
import { sessionStore } from "./session";

const user = {
  id: "u1", email: "ada@example.com", full_name: "Ada Lovelace", email_verified: true,
  locale: null, time_zone: null, created_at: "2025-01-01T00:00:00Z",
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

const token = (access: string) => ({
  data: { access_token: access, token_type: "bearer", expires_in: 900, refresh_token: null, organization_id: "org-1", user },
});

describe("auth middleware", () => {
  beforeEach(() => sessionStore.set({ accessToken: "old", organizationId: "org-1", user: user as never }));

  it("refreshes once through the cookie on a 401 and retries with the new token", async () => {
    const seen: { url: string; auth: string | null; csrf: string | null; credentials: string }[] = [];
    const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init);
      seen.push({ url: request.url, auth: request.headers.get("authorization"), csrf: request.headers.get("x-heron-csrf"), credentials: request.credentials });
      if (request.url.endsWith("/api/v1/auth/refresh")) return json(200, token("new"));
      return request.headers.get("authorization") === "Bearer new" ? json(200, { data: [], meta: null }) : json(401, { error: { code: "unauthenticated", message: "Expired." } });
    });
    const { client } = createApi({ baseUrl: "http://heron.test", fetch: fetchMock });

    const result = await client.GET("/api/v1/me/organizations");

    expect(result.response.status).toBe(200);
    expect(seen.map((s) => [new URL(s.url).pathname, s.auth])).toEqual([
      ["/api/v1/me/organizations", "Bearer old"],
      ["/api/v1/auth/refresh", null],
      ["/api/v1/me/organizations", "Bearer new"],
    ]);
    expect(seen[1]).toMatchObject({ csrf: "1", credentials: "include" });
    expect(sessionStore.get()?.accessToken).toBe("new");
  });

  it("gives up after one failed refresh and signs out", async () => {
    const fetchMock = vi.fn(async () => json(401, { error: { code: "unauthenticated", message: "No." } }));
    const { client } = createApi({ baseUrl: "http://heron.test", fetch: fetchMock });

    const result = await client.GET("/api/v1/me/organizations");

    expect(result.response.status).toBe(401);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(sessionStore.get()).toBeNull();
  });

  it("shares one refresh between concurrent 401s", async () => {
    let refreshes = 0;
    const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init);
      if (request.url.endsWith("/auth/refresh")) {
        refreshes += 1;
        return json(200, token("new"));
      }
      return request.headers.get("authorization") === "Bearer new" ? json(200, { data: [] }) : json(401, {});
    });
    const { client } = createApi({ baseUrl: "http://heron.test", fetch: fetchMock });

    const results = await Promise.all([client.GET("/api/v1/me/organizations"), client.GET("/api/v1/me")]);

    expect(results.map((r) => r.response.status)).toEqual([200, 200]);
    expect(refreshes).toBe(1);
  });

  it("does not refresh when signing in fails", async () => {
    const fetchMock = vi.fn(async () => json(401, { error: { code: "unauthenticated", message: "Wrong e-mail or password." } }));
    const { client } = createApi({ baseUrl: "http://heron.test", fetch: fetchMock });

    const result = await client.POST("/api/v1/auth/login", { body: { email: "ada@example.com", password: "nope" } });

    expect(result.response.status).toBe(401);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});

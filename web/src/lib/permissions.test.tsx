import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import { canGrant, type RoleMatrix, scopeOf, usePermissions } from "./permissions";

const MATRIX: RoleMatrix = {
  your_role: "sales",
  actions: ["read", "create", "update", "delete"],
  roles: [
    { name: "admin", description: "", permissions: { api_key: { read: "all", create: "all", delete: "all" } } },
    { name: "sales", description: "", permissions: { deal: { read: "own", create: "own" }, api_key: { read: "none" } } },
  ],
};

function wrapper({ children }: { children: ReactNode }) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

function answer(body: unknown, status = 200) {
  return vi.spyOn(globalThis, "fetch").mockResolvedValue(
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } }),
  );
}

describe("usePermissions", () => {
  it("denies everything until the matrix is known", () => {
    vi.spyOn(globalThis, "fetch").mockReturnValue(new Promise(() => {}));
    const { result } = renderHook(() => usePermissions(), { wrapper });
    expect(result.current.loading).toBe(true);
    expect(result.current.can("deal", "read")).toBe(false);
  });

  it("answers from your role's row: own counts, none and missing deny", async () => {
    const fetchSpy = answer({ success: true, data: MATRIX });
    const { result } = renderHook(() => usePermissions(), { wrapper });
    await waitFor(() => expect(result.current.loading).toBe(false));

    expect(new URL((fetchSpy.mock.calls[0]![0] as Request).url).pathname).toBe("/api/v1/roles");
    expect(result.current.role).toBe("sales");
    expect(result.current.can("deal", "read")).toBe(true);
    expect(result.current.scope("deal", "create")).toBe("own");
    expect(result.current.can("deal", "delete")).toBe(false);
    expect(result.current.can("api_key", "read")).toBe(false);
    expect(result.current.can("unknown_resource", "read")).toBe(false);
  });

  it("denies everything when the matrix cannot be read", async () => {
    answer({ success: false, error: { code: "internal", message: "boom", details: [] } }, 500);
    const { result } = renderHook(() => usePermissions(), { wrapper });
    await waitFor(() => expect(result.current.matrix).toBeUndefined());
    expect(result.current.can("deal", "read")).toBe(false);
  });
});

describe("scopeOf and canGrant", () => {
  it("reads another role's row when asked", () => {
    expect(scopeOf(MATRIX, "api_key", "create", "admin")).toBe("all");
    expect(scopeOf(undefined, "deal", "read")).toBe("none");
  });

  it("lets a role grant itself and lower ranks, and only owners make owners", () => {
    expect(canGrant("admin", "manager")).toBe(true);
    expect(canGrant("admin", "admin")).toBe(true);
    expect(canGrant("admin", "owner")).toBe(false);
    expect(canGrant("sales", "support")).toBe(false);
    expect(canGrant("owner", "owner")).toBe(true);
  });
});

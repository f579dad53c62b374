import { useQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import type { components } from "@/client/schema";
import { api } from "./api";
import { unwrap } from "./errors";
import { useSession } from "./session";

export type RoleMatrix = components["schemas"]["RoleMatrix"];
export type Action = "read" | "create" | "update" | "delete";
export type Scope = "none" | "own" | "team" | "all";

export const ROLE_RANK: Record<string, number> = { viewer: 0, support: 1, sales: 1, manager: 2, admin: 3, owner: 4 };

export const permissionKeys = {
  // Per organization: switching organizations changes your role.
  matrix: (organizationId: string | null) => ["roles", "matrix", organizationId] as const,
};

/** The scope the matrix gives `role` for `action` on `resource`; "none" when the matrix is silent. */
export function scopeOf(matrix: RoleMatrix | undefined, resource: string, action: Action, role?: string): Scope {
  if (!matrix) return "none";
  const row = matrix.roles.find((r) => r.name === (role ?? matrix.your_role));
  return (row?.permissions[resource]?.[action] as Scope | undefined) ?? "none";
}

/** Mirrors the API's can_grant: your own role or one ranked strictly below; only Owners make Owners. */
export function canGrant(granter: string | undefined, role: string): boolean {
  if (!granter) return false;
  if (role === "owner") return granter === "owner";
  return granter === role || (ROLE_RANK[granter] ?? -1) > (ROLE_RANK[role] ?? 99);
}

export interface Permissions {
  /** True while the matrix is loading or failed: everything is denied until it is known. */
  loading: boolean;
  role: string | undefined;
  matrix: RoleMatrix | undefined;
  /** Whether your role has any scope ("own" counts) for the action on the resource. */
  can: (resource: string, action: Action) => boolean;
  scope: (resource: string, action: Action) => Scope;
}

/** Your role and the role matrix (GET /roles), as `can(resource, action)`. Deny by default. */
export function usePermissions(): Permissions {
  const session = useSession();
  const query = useQuery({
    queryKey: permissionKeys.matrix(session?.organizationId ?? null),
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/roles", { signal })).data,
    staleTime: 5 * 60_000,
  });
  const matrix = query.data;
  const scope = useCallback((resource: string, action: Action) => scopeOf(matrix, resource, action), [matrix]);
  const can = useCallback((resource: string, action: Action) => scope(resource, action) !== "none", [scope]);
  return { loading: query.isPending, role: matrix?.your_role, matrix, can, scope };
}

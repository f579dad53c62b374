import { useQuery } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api } from "./api";
import { unwrap } from "./errors";
import { useSession } from "./session";

export type RoleMatrix = components["schemas"]["RoleMatrix"];
export type Role = components["schemas"]["Role"];
export type PermissionAction = "read" | "create" | "update" | "delete" | "export";
export type Action = PermissionAction;
export type Scope = "none" | "own" | "team" | "all";

export const ROLE_RANK: Record<string, number> = { viewer: 0, support: 1, sales: 1, manager: 2, admin: 3, owner: 4 };

/** Mirrors the API's can_grant: your own role or one ranked strictly below; only Owners make Owners. */
export function canGrant(granter: string | null | undefined, role: string): boolean {
  if (!granter) return false;
  if (role === "owner") return granter === "owner";
  return granter === role || (ROLE_RANK[granter] ?? -1) > (ROLE_RANK[role] ?? 99);
}

/** The role matrix and the caller's role in the current organization (GET /api/v1/roles). */
export function useRoleMatrix() {
  const session = useSession();
  return useQuery({
    queryKey: ["roles", session?.organizationId ?? null],
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/roles", { signal })).data,
    staleTime: 5 * 60_000,
  });
}

/** The scope `role` (the caller's by default) has for `action` on `resource`; "none" while the
 * matrix loads or when it is silent. */
export function scopeOf(
  matrix: RoleMatrix | undefined,
  resource: string,
  action: PermissionAction,
  role?: string,
): Scope {
  const row = matrix?.roles.find((r) => r.name === (role ?? matrix.your_role));
  return (row?.permissions[resource]?.[action] as Scope | undefined) ?? "none";
}

/**
 * Whether to offer an action. "own" needs the record's owner to be the caller; "team" is
 * offered and left to the server, which knows the teams (a refusal is then a rare 403, not a lie).
 */
export function allows(scope: Scope, ownerId: string | null | undefined, userId: string | undefined): boolean {
  if (scope === "all" || scope === "team") return true;
  if (scope === "own") return ownerId == null ? false : ownerId === userId;
  return false;
}

/** Hide or disable what the role matrix forbids: `can(resource, action, ownerId?)`. */
export function usePermissions() {
  const matrix = useRoleMatrix();
  const session = useSession();
  const role = (matrix.data?.your_role as Role | undefined) ?? null;
  const scope = (resource: string, action: PermissionAction): Scope => scopeOf(matrix.data, resource, action);
  const can = (resource: string, action: PermissionAction, ownerId?: string | null): boolean => {
    const granted = scope(resource, action);
    // Creating has no owner yet: any scope but "none" may create.
    if (action === "create" || ownerId === undefined) return granted !== "none";
    return allows(granted, ownerId, session?.user.id);
  };
  return {
    /** Null until GET /roles answers: callers hide actions until then rather than flash them. */
    role,
    scope,
    can,
    atLeast: (min: Role) => role != null && (ROLE_RANK[role] ?? -1) >= (ROLE_RANK[min] ?? 99),
    isPending: matrix.isPending,
    /** True while the matrix is loading: everything is denied until it is known. */
    loading: matrix.isPending,
    matrix: matrix.data,
  };
}

/** `can(ownerId?)` for one resource and action (the board's cards, a list's rows). */
export function usePermission(resource: string, action: PermissionAction): (ownerId?: string | null) => boolean {
  const { can } = usePermissions();
  return (ownerId) => can(resource, action, ownerId);
}

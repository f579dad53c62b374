import { useQuery } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api } from "./api";
import { unwrap } from "./errors";
import { useSession } from "./session";

export type RoleMatrix = components["schemas"]["RoleMatrix"];
export type PermissionAction = "read" | "create" | "update" | "delete";
type Scope = "none" | "own" | "team" | "all";

export const roleKeys = { matrix: ["roles", "matrix"] as const };

/** The role matrix and the caller's role (GET /api/v1/roles); it rarely changes. */
export function useRoleMatrix() {
  return useQuery({
    queryKey: roleKeys.matrix,
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/roles", { signal })).data,
    staleTime: 5 * 60_000,
  });
}

/** The scope the caller's role has for `action` on `resource` ("none" while the matrix loads). */
export function scopeOf(matrix: RoleMatrix | undefined, resource: string, action: PermissionAction): Scope {
  const role = matrix?.roles.find((r) => r.name === matrix.your_role);
  return role?.permissions[resource]?.[action] ?? "none";
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

/** `can(resource, action, ownerId?)`: hide or disable what the role matrix forbids. */
export function usePermissions() {
  const matrix = useRoleMatrix();
  const session = useSession();
  const can = (resource: string, action: PermissionAction, ownerId?: string | null): boolean => {
    const scope = scopeOf(matrix.data, resource, action);
    // Creating has no owner yet: any scope but "none" may create.
    if (action === "create" || ownerId === undefined) return scope !== "none";
    return allows(scope, ownerId, session?.user.id);
  };
  return { can, isPending: matrix.isPending };
}

/** `can(ownerId?)` for one resource and action (the board's cards, a list's rows). */
export function usePermission(resource: string, action: PermissionAction): (ownerId?: string | null) => boolean {
  const { can } = usePermissions();
  return (ownerId) => can(resource, action, ownerId);
}

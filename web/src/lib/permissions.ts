import { useQuery } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api } from "./api";
import { unwrap } from "./errors";
import { useSession } from "./session";

export type RoleMatrix = components["schemas"]["RoleMatrix"];
export type Scope = "none" | "own" | "team" | "all";

export const permissionKeys = { roles: ["roles"] as const };

/** The role matrix and the caller's role (GET /roles); it changes rarely, so it is cached long. */
export function useRoleMatrix() {
  return useQuery({
    queryKey: permissionKeys.roles,
    queryFn: async () => unwrap(await api.GET("/api/v1/roles")).data,
    staleTime: 5 * 60_000,
  });
}

/** The caller's scope for `action` on `resource`; "none" while the matrix loads or when unknown. */
export function scopeOf(matrix: RoleMatrix | undefined, resource: string, action: string): Scope {
  const role = matrix?.roles.find((r) => r.name === matrix.your_role);
  return role?.permissions[resource]?.[action] ?? "none";
}

/**
 * Whether the caller may do `action` on a record owned by `ownerId`: "own" needs the caller to be
 * the owner; "team" is offered and left to the server, which knows the teams (a refusal is shown).
 */
export function allows(scope: Scope, ownerId: string | null | undefined, userId: string | null | undefined): boolean {
  if (scope === "all" || scope === "team") return true;
  if (scope === "own") return ownerId != null && ownerId === userId;
  return false;
}

/** `can(ownerId?)` for one resource and action, for hiding or disabling what the role forbids. */
export function usePermission(resource: string, action: string): (ownerId?: string | null) => boolean {
  const matrix = useRoleMatrix();
  const session = useSession();
  const scope = scopeOf(matrix.data, resource, action);
  return (ownerId) => (ownerId === undefined ? scope !== "none" : allows(scope, ownerId, session?.user.id));
}

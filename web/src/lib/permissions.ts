import { useQuery } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api } from "./api";
import { unwrap } from "./errors";
import { useSession } from "./session";

export type Role = components["schemas"]["Role"];
export type Scope = "none" | "own" | "team" | "all";
export type Action = "read" | "create" | "update" | "delete";

const RANK: Record<Role, number> = { viewer: 0, support: 1, sales: 1, manager: 2, admin: 3, owner: 4 };

export interface Permissions {
  /** Null until GET /roles answers: callers hide actions until then rather than flash them. */
  role: Role | null;
  scope: (resource: string, action: Action) => Scope;
  can: (resource: string, action: Action) => boolean;
  atLeast: (role: Role) => boolean;
}

/** The caller's role and the matrix's scope for each resource and action (GET /api/v1/roles). */
export function usePermissions(): Permissions {
  const session = useSession();
  const roles = useQuery({
    queryKey: ["roles", session?.organizationId ?? null],
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/roles", { signal })).data,
    enabled: session != null,
    staleTime: 5 * 60_000,
  });
  const matrix = roles.data;
  const role = (matrix?.your_role as Role | undefined) ?? null;
  const mine = matrix?.roles.find((r) => r.name === role);
  const scope = (resource: string, action: Action): Scope => mine?.permissions[resource]?.[action] ?? "none";
  return {
    role,
    scope,
    can: (resource, action) => scope(resource, action) !== "none",
    atLeast: (min) => role != null && RANK[role] >= RANK[min],
  };
}

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api } from "@/lib/api";
import { unwrap } from "@/lib/errors";
import { etagOf } from "./versioned";

export type Org = components["schemas"]["OrgOut"];
export type OrgUpdateBody = components["schemas"]["OrgUpdate"];
export type Member = components["schemas"]["MemberOut"];
export type Invitation = components["schemas"]["InvitationOut"];
export type Role = components["schemas"]["Role"];

export const orgKeys = {
  org: ["org"] as const,
  members: ["members"] as const,
  invitations: ["invitations"] as const,
};

/** The organization with its ETag, so a save is refused (412) if someone changed it meanwhile. */
export function useOrg() {
  return useQuery({
    queryKey: orgKeys.org,
    queryFn: async ({ signal }) => {
      const result = await api.GET("/api/v1/org", { signal });
      return { org: unwrap(result).data, etag: result.response.headers.get("ETag") ?? '"0"' };
    },
  });
}

export function useUpdateOrg() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, etag }: { body: OrgUpdateBody; etag: string }) =>
      unwrap(await api.PATCH("/api/v1/org", { body, params: { header: { "If-Match": etag } } })).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.org }),
  });
}

export function useMembers() {
  return useQuery({
    queryKey: orgKeys.members,
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/members", { params: { query: { page_size: 200, sort: "full_name" } }, signal })).data,
  });
}

const memberEtag = (user_id: string) => etagOf(api.GET("/api/v1/members/{user_id}", { params: { path: { user_id } } }));

export function useChangeMemberRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ user_id, role }: { user_id: string; role: Role }) =>
      unwrap(
        await api.PATCH("/api/v1/members/{user_id}", {
          params: { path: { user_id }, header: { "If-Match": await memberEtag(user_id) } },
          body: { role },
        }),
      ).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.members }),
  });
}

export function useRemoveMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (user_id: string) => {
      const result = await api.DELETE("/api/v1/members/{user_id}", {
        params: { path: { user_id }, header: { "If-Match": await memberEtag(user_id) } },
      });
      if (!result.response.ok) unwrap(result);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.members }),
  });
}

export function useInvitations() {
  return useQuery({
    queryKey: orgKeys.invitations,
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/invitations", { params: { query: { status: "pending", page_size: 200 } }, signal })).data,
  });
}

export function useInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { email: string; role: Role }) => unwrap(await api.POST("/api/v1/invitations", { body })).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.invitations }),
  });
}

export function useResendInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (invitation_id: string) =>
      unwrap(await api.POST("/api/v1/invitations/{invitation_id}/resend", { params: { path: { invitation_id } } })).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.invitations }),
  });
}

export function useRevokeInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (invitation_id: string) => {
      const etag = await etagOf(api.GET("/api/v1/invitations/{invitation_id}", { params: { path: { invitation_id } } }));
      const result = await api.DELETE("/api/v1/invitations/{invitation_id}", {
        params: { path: { invitation_id }, header: { "If-Match": etag } },
      });
      if (!result.response.ok) unwrap(result);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.invitations }),
  });
}

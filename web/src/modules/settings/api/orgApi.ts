import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api, ifMatch } from "@/lib/api";
import { unwrap } from "@/lib/errors";
import { versioned } from "./versioned";

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

/** The organization; its `version` makes a save refused (412) if someone changed it meanwhile. */
export function useOrg() {
  return useQuery({
    queryKey: orgKeys.org,
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/org", { signal })).data,
  });
}

export function useUpdateOrg() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ org, body }: { org: Org; body: OrgUpdateBody }) =>
      unwrap(await api.PATCH("/api/v1/org", { body, params: { header: ifMatch(org.version) } })).data,
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

export function useChangeMemberRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: versioned(
      async ({ member, role }: { member: Member; role: Role }) =>
        unwrap(
          await api.PATCH("/api/v1/members/{user_id}", {
            params: { path: { user_id: member.user_id }, header: ifMatch(member.version) },
            body: { role },
          }),
        ).data,
    ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: orgKeys.members }),
  });
}

export function useRemoveMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: versioned(async (member: Member) => {
      const result = await api.DELETE("/api/v1/members/{user_id}", {
        params: { path: { user_id: member.user_id }, header: ifMatch(member.version) },
      });
      if (!result.response.ok) unwrap(result);
    }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: orgKeys.members }),
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
    // Revoking is idempotent: no If-Match.
    mutationFn: async (invitation: Invitation) => {
      const result = await api.DELETE("/api/v1/invitations/{invitation_id}", { params: { path: { invitation_id: invitation.id } } });
      if (!result.response.ok) unwrap(result);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: orgKeys.invitations }),
  });
}

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/client/schema";
import { api, ifMatch } from "@/lib/api";
import { unwrap } from "@/lib/errors";
import { versioned } from "./versioned";

export type Team = components["schemas"]["TeamOut"];
export type TeamDetail = components["schemas"]["TeamDetail"];
export type TeamCreateBody = components["schemas"]["TeamCreate"];
export type TeamUpdateBody = components["schemas"]["TeamUpdate"];

export const teamKeys = { all: ["teams"] as const, one: (id: string) => ["teams", id] as const };

export function useTeams() {
  return useQuery({
    queryKey: teamKeys.all,
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/teams", { params: { query: { page_size: 200 } }, signal })).data,
  });
}

export function useTeam(team_id: string | null) {
  return useQuery({
    queryKey: teamKeys.one(team_id ?? ""),
    enabled: !!team_id,
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/teams/{team_id}", { params: { path: { team_id: team_id! } }, signal })).data,
  });
}

/** A change to teams; the teams (list and details) are read again afterwards, failed or not. */
function useTeamMutation<A, R>(mutationFn: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: versioned(mutationFn), onSettled: () => queryClient.invalidateQueries({ queryKey: teamKeys.all }) });
}

export const useCreateTeam = () =>
  useTeamMutation(async (body: TeamCreateBody) => unwrap(await api.POST("/api/v1/teams", { body })).data);

export const useUpdateTeam = () =>
  useTeamMutation(
    async ({ team, body }: { team: Team; body: TeamUpdateBody }) =>
      unwrap(await api.PATCH("/api/v1/teams/{team_id}", { params: { path: { team_id: team.id }, header: ifMatch(team.version) }, body })).data,
  );

export const useDeleteTeam = () =>
  useTeamMutation(async (team: Team) => {
    const result = await api.DELETE("/api/v1/teams/{team_id}", { params: { path: { team_id: team.id }, header: ifMatch(team.version) } });
    if (!result.response.ok) unwrap(result);
  });

export const useAddTeamMember = () =>
  useTeamMutation(
    async ({ team_id, user_id }: { team_id: string; user_id: string }) =>
      unwrap(await api.PUT("/api/v1/teams/{team_id}/members/{user_id}", { params: { path: { team_id, user_id } } })).data,
  );

export const useRemoveTeamMember = () =>
  useTeamMutation(async ({ team, user_id }: { team: Team; user_id: string }) => {
    const result = await api.DELETE("/api/v1/teams/{team_id}/members/{user_id}", {
      params: { path: { team_id: team.id, user_id }, header: ifMatch(team.version) },
    });
    if (!result.response.ok) unwrap(result);
  });

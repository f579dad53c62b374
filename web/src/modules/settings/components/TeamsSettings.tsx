import { UsersRound } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { usePermissions } from "@/lib/permissions";
import { Button } from "@/ui/Button";
import { EmptyState } from "@/ui/EmptyState";
import { Input } from "@/ui/Input";
import { Skeleton } from "@/ui/Skeleton";
import { useCreateTeam, useTeams } from "../api/teamsApi";
import { TeamEditor } from "./TeamEditor";

/** Teams: list and create; a team opens an editor for its name, manager and members. */
export function TeamsSettings() {
  const { can } = usePermissions();
  const teams = useTeams();
  const create = useCreateTeam();
  const [name, setName] = useState("");
  const [openId, setOpenId] = useState<string | null>(null);

  if (teams.isError) throw teams.error;
  const onCreate = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    try {
      const team = await create.mutateAsync({ name: name.trim(), member_ids: [] });
      toast.success(`Team “${team.name}” is created: add its manager and members.`);
      setName("");
      setOpenId(team.id);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <section className="flex flex-col gap-4" aria-labelledby="teams-title">
      <h2 id="teams-title" className="text-lg font-semibold">
        Teams
      </h2>
      {can("team", "create") && (
        <form onSubmit={onCreate} className="flex gap-2">
          <Input aria-label="New team name" placeholder="New team, e.g. Benelux sales" value={name} onChange={(e) => setName(e.target.value)} className="max-w-72" />
          <Button type="submit" loading={create.isPending}>
            Create team
          </Button>
        </form>
      )}
      {!teams.data ? (
        <Skeleton className="h-24 w-full" />
      ) : teams.data.length === 0 ? (
        <EmptyState icon={UsersRound} title="No teams yet">
          A team gives its manager sight of its members' records. Create one per group that works a territory or product.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-border text-sm">
          {teams.data.map((team) => (
            <li key={team.id} className="flex items-center gap-3 py-2">
              <span className="flex-1">
                <strong>{team.name}</strong> · {team.member_count} member{team.member_count === 1 ? "" : "s"}
                {team.manager && <span className="text-muted-fg"> · managed by {team.manager.full_name}</span>}
              </span>
              <Button variant="secondary" size="sm" onClick={() => setOpenId(team.id)}>
                {can("team", "update") ? "Edit" : "View"}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {openId && <TeamEditor teamId={openId} onClose={() => setOpenId(null)} />}
    </section>
  );
}

import { X } from "lucide-react";
import { toast } from "sonner";
import { usePermissions } from "@/lib/permissions";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { Field } from "@/ui/Field";
import { Input } from "@/ui/Input";
import { Select } from "@/ui/Select";
import { Skeleton } from "@/ui/Skeleton";
import { useMembers } from "../api/orgApi";
import { useAddTeamMember, useDeleteTeam, useRemoveTeamMember, useTeam, useUpdateTeam } from "../api/teamsApi";

export interface TeamEditorProps {
  teamId: string;
  onClose: () => void;
}

/** One team: name, manager, members (add and remove), delete. Each change saves at once. */
export function TeamEditor({ teamId, onClose }: TeamEditorProps) {
  const { can } = usePermissions();
  const team = useTeam(teamId);
  const members = useMembers();
  const update = useUpdateTeam();
  const add = useAddTeamMember();
  const remove = useRemoveTeamMember();
  const del = useDeleteTeam();
  const editable = can("team", "update");

  const run = async (work: Promise<unknown>, done: string) => {
    try {
      await work;
      toast.success(done);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    }
  };
  const t = team.data;
  const outside = members.data?.filter((m) => !t?.members.some((tm) => tm.user_id === m.user_id)) ?? [];
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={t ? `Team ${t.name}` : "Team"}>
      {!t ? (
        <Skeleton className="h-40 w-full" />
      ) : (
        <div className="flex flex-col gap-4">
          <Field label="Name">
            <Input
              defaultValue={t.name}
              disabled={!editable}
              onBlur={(e) => e.target.value.trim() && e.target.value !== t.name && run(update.mutateAsync({ team: t, body: { name: e.target.value.trim() } }), "Name saved.")}
            />
          </Field>
          <Field label="Manager" hint="Managers see and edit their team's records.">
            <Select
              value={t.manager?.user_id ?? ""}
              disabled={!editable}
              onChange={(e) => run(update.mutateAsync({ team: t, body: { manager_id: e.target.value || null } }), "Manager saved.")}
            >
              <option value="">No manager</option>
              {members.data?.map((m) => (
                <option key={m.user_id} value={m.user_id}>
                  {m.full_name}
                </option>
              ))}
            </Select>
          </Field>
          <div>
            <h3 className="mb-2 text-sm font-medium">Members</h3>
            <ul className="flex flex-wrap gap-2">
              {t.members.map((m) => (
                <li key={m.user_id} className="flex items-center gap-1 rounded-full bg-muted py-0.5 pl-3 pr-1 text-sm">
                  {m.full_name}
                  {editable && (
                    <button
                      type="button"
                      aria-label={`Remove ${m.full_name} from the team`}
                      className="rounded-full p-1 hover:bg-bg"
                      onClick={() => run(remove.mutateAsync({ team: t, user_id: m.user_id }), `${m.full_name} left the team.`)}
                    >
                      <X className="h-3 w-3" aria-hidden />
                    </button>
                  )}
                </li>
              ))}
              {t.members.length === 0 && <li className="text-sm text-muted-fg">Nobody yet.</li>}
            </ul>
          </div>
          {editable && outside.length > 0 && (
            <Field label="Add a member">
              <Select
                value=""
                onChange={(e) => e.target.value && run(add.mutateAsync({ team_id: t.id, user_id: e.target.value }), "Member added.")}
              >
                <option value="">Choose a member…</option>
                {outside.map((m) => (
                  <option key={m.user_id} value={m.user_id}>
                    {m.full_name}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          <div className="flex justify-between">
            {can("team", "delete") ? (
              <Button
                variant="danger"
                onClick={async () => {
                  if (!window.confirm(`Delete the team “${t.name}”? Its members stay in the organization.`)) return;
                  await run(del.mutateAsync(t), `Team “${t.name}” is deleted.`);
                  onClose();
                }}
              >
                Delete team
              </Button>
            ) : (
              <span />
            )}
            <Button variant="secondary" onClick={onClose}>
              Done
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

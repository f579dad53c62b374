import { Users } from "lucide-react";
import { toast } from "sonner";
import { canGrant, usePermissions } from "@/lib/permissions";
import { useSession } from "@/lib/session";
import { Button } from "@/ui/Button";
import { EmptyState } from "@/ui/EmptyState";
import { Select } from "@/ui/Select";
import { Skeleton } from "@/ui/Skeleton";
import { type Member, type Role, useChangeMemberRole, useMembers, useRemoveMember } from "../api/orgApi";
import { ROLES } from "./ApiKeyCreate";
import { InvitationsPanel } from "./InvitationsPanel";

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Members with their role (changeable up to yours) and removal, then pending invitations. */
export function MembersSettings() {
  const { can, role: myRole } = usePermissions();
  const session = useSession();
  const members = useMembers();
  const changeRole = useChangeMemberRole();
  const remove = useRemoveMember();

  if (members.isError) throw members.error;
  const onRole = async (member: Member, role: Role) => {
    try {
      await changeRole.mutateAsync({ member, role });
      toast.success(`${member.full_name} is now ${role}.`);
    } catch (error) {
      toast.error(errorText(error));
    }
  };
  const onRemove = async (member: Member) => {
    if (!window.confirm(`Remove ${member.full_name} from the organization? Their records stay, unassigned from them.`)) return;
    try {
      await remove.mutateAsync(member);
      toast.success(`${member.full_name} is removed.`);
    } catch (error) {
      toast.error(errorText(error));
    }
  };

  return (
    <div className="flex flex-col gap-8">
      <section className="flex flex-col gap-4" aria-labelledby="members-title">
        <h2 id="members-title" className="text-lg font-semibold">
          Members
        </h2>
        {!members.data ? (
          <Skeleton className="h-32 w-full" />
        ) : members.data.length === 0 ? (
          <EmptyState icon={Users} title="No members">Invite your colleagues below.</EmptyState>
        ) : (
          <table className="w-full text-sm">
            <thead className="text-left text-muted-fg">
              <tr>
                <th className="py-2">Name</th>
                <th>E-mail</th>
                <th>Role</th>
                <th className="sr-only">Actions</th>
              </tr>
            </thead>
            <tbody>
              {members.data.map((m) => {
                const self = m.user_id === session?.user.id;
                // You may change a role you could grant, to a role you could grant, and never your own.
                const editable = can("member", "update") && !self && canGrant(myRole, m.role);
                return (
                  <tr key={m.user_id} className="border-t border-border">
                    <td className="py-2 font-medium">
                      {m.full_name}
                      {self && <span className="text-muted-fg"> (you)</span>}
                    </td>
                    <td>{m.email}</td>
                    <td>
                      <Select
                        aria-label={`Role of ${m.full_name}`}
                        value={m.role}
                        disabled={!editable}
                        onChange={(e) => onRole(m, e.target.value as Role)}
                        className="w-32"
                      >
                        {ROLES.filter((r) => r === m.role || canGrant(myRole, r)).map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </Select>
                    </td>
                    <td className="text-right">
                      {editable && can("member", "delete") && (
                        <Button variant="ghost" size="sm" onClick={() => onRemove(m)}>
                          Remove
                        </Button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      {can("invitation", "read") && <InvitationsPanel />}
    </div>
  );
}

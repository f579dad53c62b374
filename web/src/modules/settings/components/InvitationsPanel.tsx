import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
import { applyFieldErrors } from "@/lib/errors";
import { canGrant, usePermissions } from "@/lib/permissions";
import { Button } from "@/ui/Button";
import { Field } from "@/ui/Field";
import { Input } from "@/ui/Input";
import { Select } from "@/ui/Select";
import { Skeleton } from "@/ui/Skeleton";
import { type Role, useInvitations, useInvite, useResendInvitation, useRevokeInvitation } from "../api/orgApi";
import { ROLES } from "./ApiKeyCreate";
import { formatDate } from "./formatDate";

const schema = z.object({ email: z.email("Enter a valid e-mail address."), role: z.enum(ROLES as [Role, ...Role[]]) });
type Values = z.infer<typeof schema>;

/** Invite by e-mail with a role; pending invitations can be sent again or revoked. */
export function InvitationsPanel() {
  const { can, role: myRole } = usePermissions();
  const invitations = useInvitations();
  const invite = useInvite();
  const resend = useResendInvitation();
  const revoke = useRevokeInvitation();
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { email: "", role: "sales" } });

  const onSubmit = form.handleSubmit(async (body) => {
    try {
      await invite.mutateAsync(body);
      toast.success(`An invitation is on its way to ${body.email}.`);
      form.reset({ email: "", role: body.role });
    } catch (error) {
      for (const message of applyFieldErrors(error, form.setError, ["email", "role"] as const)) toast.error(message);
    }
  });
  const act = async (run: Promise<unknown>, done: string) => {
    try {
      await run;
      toast.success(done);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <section className="flex flex-col gap-4" aria-labelledby="invitations-title">
      <h2 id="invitations-title" className="text-lg font-semibold">
        Invitations
      </h2>
      {can("invitation", "create") && (
        <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-end gap-3">
          <div className="min-w-64 flex-1">
            <Field label="E-mail" error={form.formState.errors.email?.message}>
              <Input type="email" {...form.register("email")} />
            </Field>
          </div>
          <Field label="Role" error={form.formState.errors.role?.message}>
            <Select {...form.register("role")} className="w-32">
              {ROLES.filter((r) => canGrant(myRole, r)).map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </Select>
          </Field>
          <Button type="submit" loading={form.formState.isSubmitting}>
            Invite
          </Button>
        </form>
      )}
      {!invitations.data ? (
        <Skeleton className="h-16 w-full" />
      ) : invitations.data.length === 0 ? (
        <p className="text-sm text-muted-fg">No pending invitations. An invitation is valid for a week; it can be sent again.</p>
      ) : (
        <ul className="divide-y divide-border text-sm">
          {invitations.data.map((inv) => (
            <li key={inv.id} className="flex items-center gap-3 py-2">
              <span className="flex-1">
                <strong>{inv.email}</strong> as {inv.role} · expires {formatDate(inv.expires_at)} · sent {inv.sent_count}×
              </span>
              {can("invitation", "create") && (
                <Button variant="ghost" size="sm" onClick={() => act(resend.mutateAsync(inv.id), `Sent again to ${inv.email}.`)}>
                  Resend
                </Button>
              )}
              {can("invitation", "delete") && (
                <Button variant="ghost" size="sm" onClick={() => act(revoke.mutateAsync(inv), `The invitation of ${inv.email} is revoked.`)}>
                  Revoke
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { applyFieldErrors } from "@/lib/errors";
import { useSession } from "@/lib/session";
import { Button } from "@/ui/Button";
import { Field } from "@/ui/Field";
import { Input } from "@/ui/Input";
import { Spinner } from "@/ui/Spinner";
import { useAcceptInvitation, useInvitationLookup } from "../api/authApi";

export interface AcceptInvitationProps {
  token: string;
  onAccepted: () => void;
}

/** Shows who invites you where, then joins: signed in, or with a new account (name + password). */
export function AcceptInvitation({ token, onAccepted }: AcceptInvitationProps) {
  const session = useSession();
  const lookup = useInvitationLookup(token);
  const accept = useAcceptInvitation();
  const [fullName, setFullName] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});

  if (lookup.isPending) return <Spinner label="Opening the invitation" />;
  if (lookup.isError)
    return <p className="text-sm text-danger">{lookup.error.message} Ask for a new invitation.</p>;
  const invitation = lookup.data;
  const needsAccount = !session && !invitation.account_exists;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setErrors({});
    try {
      await accept.mutateAsync(needsAccount ? { token, full_name: fullName, password } : { token });
      onAccepted();
    } catch (error) {
      const found: Record<string, string> = {};
      const rest = applyFieldErrors(error, (name, { message }) => (found[name] = message ?? ""), ["full_name", "password", "token"] as never);
      setErrors({ ...found, ...(rest[0] ? { root: rest[0] } : {}) });
    }
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-4 text-sm">
      <p>
        {invitation.inviter_name} invites <strong>{invitation.email}</strong> to join{" "}
        <strong>{invitation.organization_name}</strong> as {invitation.role}.
      </p>
      {!session && invitation.account_exists ? (
        <Link to="/sign-in" search={{ redirect: `/accept-invitation?token=${encodeURIComponent(token)}` }} className="text-accent underline underline-offset-2">
          Sign in as {invitation.email} to accept
        </Link>
      ) : (
        <>
          {needsAccount && (
            <>
              <Field label="Your name" error={errors.full_name}>
                <Input value={fullName} onChange={(e) => setFullName(e.target.value)} autoComplete="name" />
              </Field>
              <Field label="Password" error={errors.password} hint="At least 10 characters.">
                <Input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
              </Field>
            </>
          )}
          {(errors.root || errors.token) && <p role="alert" className="text-danger">{errors.root ?? errors.token}</p>}
          <Button type="submit" loading={accept.isPending}>
            Join {invitation.organization_name}
          </Button>
        </>
      )}
    </form>
  );
}

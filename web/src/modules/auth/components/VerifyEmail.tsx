import { Link } from "@tanstack/react-router";
import { CircleAlert, CircleCheck } from "lucide-react";
import { useEffect } from "react";
import { Spinner } from "@/ui/Spinner";
import { useVerifyEmail } from "../api/authApi";

export interface VerifyEmailProps {
  token: string;
}

/** Confirms the address as soon as the link is opened. */
export function VerifyEmail({ token }: VerifyEmailProps) {
  const verify = useVerifyEmail();
  const { mutate } = verify;
  useEffect(() => {
    if (token) mutate(token);
  }, [token, mutate]);

  if (!token || verify.isError) {
    return (
      <div className="flex items-start gap-2 text-sm">
        <CircleAlert className="h-5 w-5 shrink-0 text-danger" aria-hidden />
        <p>
          {verify.error?.message ?? "This link has no token."} Sign in and ask for a new confirmation e-mail from
          your settings. <Link to="/sign-in" className="text-accent underline underline-offset-2">Sign in</Link>
        </p>
      </div>
    );
  }
  if (verify.isSuccess) {
    return (
      <div className="flex items-start gap-2 text-sm">
        <CircleCheck className="h-5 w-5 shrink-0 text-accent" aria-hidden />
        <p>
          {verify.data.email} is confirmed. <Link to="/" className="text-accent underline underline-offset-2">Open Heron</Link>
        </p>
      </div>
    );
  }
  return <Spinner label="Confirming your address" />;
}

import { zodResolver } from "@hookform/resolvers/zod";
import { Link } from "@tanstack/react-router";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { applyFieldErrors } from "@/lib/errors";
import { Button } from "@/ui/Button";
import { Field } from "@/ui/Field";
import { Input } from "@/ui/Input";
import { useResetPassword } from "../api/authApi";

const schema = z.object({ new_password: z.string().min(10, "Use at least 10 characters.").max(256), token: z.string() });
type Values = z.infer<typeof schema>;

export interface ResetPasswordFormProps {
  token: string;
}

export function ResetPasswordForm({ token }: ResetPasswordFormProps) {
  const reset = useResetPassword();
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { new_password: "", token } });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await reset.mutateAsync(values);
    } catch (error) {
      const [message] = applyFieldErrors(error, form.setError, ["new_password", "token"]);
      if (message) form.setError("root", { message });
    }
  });

  if (reset.isSuccess) {
    return (
      <p className="text-sm">
        Your password is changed and every other session is signed out.{" "}
        <Link to="/sign-in" className="text-accent underline underline-offset-2">Sign in</Link>
      </p>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <Field label="New password" error={errors.new_password?.message} hint="At least 10 characters.">
        <Input type="password" autoComplete="new-password" autoFocus {...form.register("new_password")} />
      </Field>
      {(errors.token || errors.root) && (
        <p role="alert" className="text-sm text-danger">
          {errors.token?.message ?? errors.root?.message}{" "}
          <Link to="/forgot-password" className="underline">Ask for a new link</Link>
        </p>
      )}
      <Button type="submit" loading={form.formState.isSubmitting}>
        Set the new password
      </Button>
    </form>
  );
}

import { zodResolver } from "@hookform/resolvers/zod";
import { MailCheck } from "lucide-react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { applyFieldErrors } from "@/lib/errors";
import { Button } from "@/ui/Button";
import { Field } from "@/ui/Field";
import { Input } from "@/ui/Input";
import { useForgotPassword } from "../api/authApi";

const schema = z.object({ email: z.email("Enter a valid e-mail address.") });
type Values = z.infer<typeof schema>;

export function ForgotPasswordForm() {
  const forgot = useForgotPassword();
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { email: "" } });

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await forgot.mutateAsync(values);
    } catch (error) {
      const [message] = applyFieldErrors(error, form.setError, ["email"]);
      if (message) form.setError("root", { message });
    }
  });

  if (forgot.isSuccess) {
    return (
      <div className="flex flex-col items-center gap-2 text-center text-sm">
        <MailCheck className="h-8 w-8 text-accent" aria-hidden />
        <p>If an account uses {form.getValues("email")}, a reset link is on its way. It works for a short while.</p>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <Field label="E-mail" error={form.formState.errors.email?.message}>
        <Input type="email" autoComplete="email" autoFocus {...form.register("email")} />
      </Field>
      {form.formState.errors.root && <p role="alert" className="text-sm text-danger">{form.formState.errors.root.message}</p>}
      <Button type="submit" loading={form.formState.isSubmitting}>
        Send the reset link
      </Button>
    </form>
  );
}

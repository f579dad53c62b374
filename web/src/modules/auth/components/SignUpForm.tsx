import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { applyFieldErrors } from "@/lib/errors";
import { Button } from "@/ui/Button";
import { Field } from "@/ui/Field";
import { Input } from "@/ui/Input";
import { useSignUp } from "../api/authApi";

const signUpSchema = z.object({
  full_name: z.string().trim().min(1, "Tell us your name.").max(200),
  organization_name: z.string().trim().min(1, "Name your organization.").max(200),
  email: z.email("Enter a valid e-mail address."),
  password: z.string().min(10, "Use at least 10 characters.").max(256),
});
type SignUpValues = z.infer<typeof signUpSchema>;
const FIELDS = ["full_name", "organization_name", "email", "password"] as const;

export interface SignUpFormProps {
  onSignedUp: () => void;
}

export function SignUpForm({ onSignedUp }: SignUpFormProps) {
  const signUp = useSignUp();
  const form = useForm<SignUpValues>({
    resolver: zodResolver(signUpSchema),
    defaultValues: { full_name: "", organization_name: "", email: "", password: "" },
  });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await signUp.mutateAsync(values);
      onSignedUp();
    } catch (error) {
      const [message] = applyFieldErrors(error, form.setError, FIELDS);
      if (message) form.setError("root", { message });
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <Field label="Your name" error={errors.full_name?.message}>
        <Input autoComplete="name" autoFocus {...form.register("full_name")} />
      </Field>
      <Field label="Organization" error={errors.organization_name?.message} hint="Your company or team.">
        <Input autoComplete="organization" {...form.register("organization_name")} />
      </Field>
      <Field label="Work e-mail" error={errors.email?.message}>
        <Input type="email" autoComplete="email" {...form.register("email")} />
      </Field>
      <Field label="Password" error={errors.password?.message} hint="At least 10 characters.">
        <Input type="password" autoComplete="new-password" {...form.register("password")} />
      </Field>
      {errors.root && (
        <p role="alert" className="text-sm text-danger">
          {errors.root.message}
        </p>
      )}
      <Button type="submit" loading={form.formState.isSubmitting}>
        Create my organization
      </Button>
    </form>
  );
}

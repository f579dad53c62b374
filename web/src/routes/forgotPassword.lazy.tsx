import { Link, createLazyRoute } from "@tanstack/react-router";
import { AuthLayout } from "@/modules/auth/components/AuthLayout";
import { ForgotPasswordForm } from "@/modules/auth/components/ForgotPasswordForm";

export const Route = createLazyRoute("/forgot-password")({
  component: () => (
    <AuthLayout
      title="Reset your password"
      subtitle="We will e-mail you a link to choose a new one."
      footer={<Link to="/sign-in" className="text-accent underline underline-offset-2">Back to sign in</Link>}
    >
      <ForgotPasswordForm />
    </AuthLayout>
  ),
});

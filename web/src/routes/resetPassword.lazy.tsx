import { createLazyRoute } from "@tanstack/react-router";
import { AuthLayout } from "@/modules/auth/components/AuthLayout";
import { ResetPasswordForm } from "@/modules/auth/components/ResetPasswordForm";

export const Route = createLazyRoute("/reset-password")({ component: ResetPasswordPage });

function ResetPasswordPage() {
  const { token } = Route.useSearch();
  return (
    <AuthLayout title="Choose a new password">
      <ResetPasswordForm token={token} />
    </AuthLayout>
  );
}

import { createLazyRoute } from "@tanstack/react-router";
import { AuthLayout } from "@/modules/auth/components/AuthLayout";
import { VerifyEmail } from "@/modules/auth/components/VerifyEmail";

export const Route = createLazyRoute("/verify-email")({ component: VerifyEmailPage });

function VerifyEmailPage() {
  const { token } = Route.useSearch();
  return (
    <AuthLayout title="Confirm your e-mail">
      <VerifyEmail token={token} />
    </AuthLayout>
  );
}

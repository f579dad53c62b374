import { createLazyRoute, useNavigate } from "@tanstack/react-router";
import { AuthLayout } from "@/modules/auth/components/AuthLayout";
import { AcceptInvitation } from "@/modules/auth/components/AcceptInvitation";

export const Route = createLazyRoute("/accept-invitation")({ component: AcceptInvitationPage });

function AcceptInvitationPage() {
  const { token } = Route.useSearch();
  const navigate = useNavigate();
  return (
    <AuthLayout title="Join your team">
      <AcceptInvitation token={token} onAccepted={() => void navigate({ to: "/" })} />
    </AuthLayout>
  );
}

import { Link, createLazyRoute, useNavigate } from "@tanstack/react-router";
import { AuthLayout } from "@/modules/auth/components/AuthLayout";
import { SignUpForm } from "@/modules/auth/components/SignUpForm";

export const Route = createLazyRoute("/sign-up")({ component: SignUpPage });

function SignUpPage() {
  const navigate = useNavigate();
  return (
    <AuthLayout
      title="Create your organization"
      subtitle="You will be its owner, and can invite your team next."
      footer={
        <>
          Already have an account? <Link to="/sign-in" className="text-accent underline underline-offset-2">Sign in</Link>
        </>
      }
    >
      <SignUpForm onSignedUp={() => void navigate({ to: "/" })} />
    </AuthLayout>
  );
}

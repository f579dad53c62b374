import { Link, createLazyRoute, useRouter } from "@tanstack/react-router";
import { safeRedirect } from "@/lib/redirect";
import { AuthLayout } from "@/modules/auth/components/AuthLayout";
import { OAuthButtons } from "@/modules/auth/components/OAuthButtons";
import { SignInForm } from "@/modules/auth/components/SignInForm";

export const Route = createLazyRoute("/sign-in")({ component: SignInPage });

function SignInPage() {
  const { redirect } = Route.useSearch();
  const router = useRouter();
  return (
    <AuthLayout
      title="Sign in"
      subtitle="Welcome back."
      footer={
        <>
          New to Heron? <Link to="/sign-up" className="text-accent underline underline-offset-2">Create an organization</Link>
        </>
      }
    >
      <SignInForm onSignedIn={() => router.history.push(safeRedirect(redirect))} />
      <OAuthButtons />
    </AuthLayout>
  );
}

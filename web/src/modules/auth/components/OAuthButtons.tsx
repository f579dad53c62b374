import { useOAuthProviders } from "../api/authApi";

/**
 * "Sign in with Google/GitHub", only for the providers the server has configured. Each is a plain
 * link: the API redirects the browser to the provider and back, then to the app signed in.
 */
export function OAuthButtons() {
  const providers = useOAuthProviders();
  const list = providers.data ?? [];
  if (list.length === 0) return null;
  return (
    <div className="mt-5 flex flex-col gap-2">
      <div className="flex items-center gap-3 text-xs text-muted-fg">
        <span className="h-px flex-1 bg-border" /> or <span className="h-px flex-1 bg-border" />
      </div>
      {list.map((provider) => (
        <a
          key={provider.name}
          href={`/api/v1/auth/oauth/${encodeURIComponent(provider.name)}`}
          className="inline-flex h-9 items-center justify-center rounded-md border border-border px-4 text-sm font-medium hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent"
        >
          Sign in with {provider.label}
        </a>
      ))}
    </div>
  );
}

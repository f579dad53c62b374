import { type ErrorComponentProps, Link } from "@tanstack/react-router";
import { TriangleAlert } from "lucide-react";
import { ApiError } from "@/lib/errors";
import { Button } from "@/ui/Button";

/** What a person sees when a screen fails: what happened, the request id to quote, a way on. */
export function ErrorPage({ error, reset }: ErrorComponentProps) {
  const message = error instanceof Error ? error.message : String(error);
  const requestId = error instanceof ApiError ? error.requestId : null;
  return (
    <div role="alert" className="mx-auto flex max-w-lg flex-col items-center gap-3 py-20 text-center">
      <TriangleAlert className="h-10 w-10 text-danger" aria-hidden />
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="text-sm text-muted-fg">{message}</p>
      {requestId && (
        <p className="text-xs text-muted-fg">
          Request id: <code className="rounded bg-muted px-1.5 py-0.5 font-mono select-all">{requestId}</code>
          <br />
          Quote it when you report the problem.
        </p>
      )}
      <div className="flex gap-2">
        <Button variant="secondary" onClick={reset}>
          Try again
        </Button>
        <Link to="/" className="inline-flex h-9 items-center rounded-md bg-accent px-4 text-sm font-medium text-accent-fg">
          Go to the dashboard
        </Link>
      </div>
    </div>
  );
}

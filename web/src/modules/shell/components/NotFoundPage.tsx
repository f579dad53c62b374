import { Link } from "@tanstack/react-router";
import { Compass } from "lucide-react";

export function NotFoundPage() {
  return (
    <div className="mx-auto flex max-w-lg flex-col items-center gap-3 py-20 text-center">
      <Compass className="h-10 w-10 text-muted-fg" aria-hidden />
      <h1 className="text-xl font-semibold">This page does not exist</h1>
      <p className="text-sm text-muted-fg">The link may be old, or the address mistyped.</p>
      <Link to="/" className="text-sm text-accent hover:underline">
        Go to the dashboard
      </Link>
    </div>
  );
}

import { CalendarDays, Check, Copy, RefreshCw } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { formatDate } from "@/modules/settings/components/formatDate";
import { Button } from "@/ui/Button";
import { Skeleton } from "@/ui/Skeleton";
import { useCalendarFeed, useRevokeCalendarFeed, useRotateCalendarFeed } from "../api/exportsApi";

/** Settings › Calendar feed: your meetings and tasks as a private .ics address for a calendar app. */
export function CalendarFeedSettings() {
  const feed = useCalendarFeed();
  const rotate = useRotateCalendarFeed();
  const revoke = useRevokeCalendarFeed();
  const [url, setUrl] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const active = feed.data?.active ?? false;

  const onRotate = async () => {
    if (active && !url && !window.confirm("The current address will stop working. Make a new one?")) return;
    try {
      const created = await rotate.mutateAsync();
      setUrl(created.url);
      setCopied(false);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    }
  };

  const onRevoke = async () => {
    try {
      await revoke.mutateAsync();
      setUrl(null);
      toast.success("The calendar address no longer works.");
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    }
  };

  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
      toast.success("The address is copied.");
    } catch {
      toast.error("Your browser refused to copy: select the address and copy it by hand.");
    }
  };

  return (
    <section className="flex flex-col gap-4" aria-labelledby="calendar-title">
      <div>
        <h2 id="calendar-title" className="text-lg font-semibold">
          Calendar feed
        </h2>
        <p className="text-sm text-muted-fg">
          Subscribe to your meetings and tasks from Google Calendar, Outlook or Apple Calendar with a private address.
          Anyone who has it can read them: keep it to yourself, and make a new one if it leaks.
        </p>
      </div>
      {feed.isPending ? (
        <Skeleton className="h-16 w-full" />
      ) : (
        <div className="flex flex-col gap-3 rounded-lg border border-border p-4">
          <p className="flex items-center gap-2 text-sm" data-testid="calendar-feed-status">
            <CalendarDays className="h-4 w-4" aria-hidden />
            {active
              ? `Active since ${formatDate(feed.data?.created_at ?? "")}${
                  feed.data?.last_used_at ? `, last read ${formatDate(feed.data.last_used_at)}` : ", not read yet"
                }.`
              : "You have no calendar address."}
          </p>
          {url && (
            <div className="flex flex-col gap-2">
              <p className="text-sm">Copy it now: it is shown only once.</p>
              <div className="flex items-center gap-2">
                <code data-testid="calendar-feed-url" className="min-w-0 flex-1 select-all break-all rounded-md border border-border px-3 py-2 font-mono text-sm">
                  {url}
                </code>
                <Button variant="secondary" onClick={() => void copy()} aria-label="Copy the calendar address">
                  {copied ? <Check className="h-4 w-4" aria-hidden /> : <Copy className="h-4 w-4" aria-hidden />}
                  {copied ? "Copied" : "Copy"}
                </Button>
              </div>
            </div>
          )}
          <div className="flex flex-wrap gap-2">
            <Button onClick={() => void onRotate()} disabled={rotate.isPending}>
              <RefreshCw className="h-4 w-4" aria-hidden /> {active ? "Make a new address" : "Make my address"}
            </Button>
            {active && (
              <Button variant="secondary" onClick={() => void onRevoke()} disabled={revoke.isPending}>
                Revoke
              </Button>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

import { History } from "lucide-react";
import { useMemo } from "react";
import { Button } from "@/ui/Button";
import { Card } from "@/ui/Card";
import { EmptyState } from "@/ui/EmptyState";
import { Skeleton } from "@/ui/Skeleton";
import { type RecordKind, useCustomFields, usePipelines, useTimeline } from "../api/recordPagesApi";
import { NOUN } from "../utils/recordFacts";
import { vocabulary } from "../utils/vocabulary";
import { TimelineEntry } from "./TimelineEntry";

export interface TimelineProps {
  kind: RecordKind;
  id: string;
}

/** Activities and field changes of the record, newest first, with "load more". */
export function Timeline({ kind, id }: TimelineProps) {
  const timeline = useTimeline(kind, id);
  const customFields = useCustomFields(kind).data;
  const pipelines = usePipelines().data;
  const words = useMemo(() => vocabulary(kind, customFields ?? [], pipelines ?? []), [kind, customFields, pipelines]);
  const items = timeline.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <Card className="flex flex-col gap-4">
      <h2 className="text-base font-semibold">Timeline</h2>
      {timeline.isPending && (
        <div className="flex flex-col gap-3" aria-label="Loading the timeline">
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-10 w-full" />
          ))}
        </div>
      )}
      {timeline.isError && <p className="text-sm text-danger">{timeline.error.message}</p>}
      {!timeline.isPending && items.length === 0 && (
        <EmptyState icon={History} title="Nothing has happened yet">
          Log a note, a call or a meeting above; every change to this {NOUN[kind]} shows here too, with who made it.
        </EmptyState>
      )}
      <ol className="flex flex-col gap-4">
        {items.map((item) => (
          <TimelineEntry key={item.id} item={item} recordNoun={NOUN[kind]} words={words} />
        ))}
      </ol>
      {timeline.hasNextPage && (
        <Button variant="secondary" className="self-center" loading={timeline.isFetchingNextPage} onClick={() => void timeline.fetchNextPage()}>
          Load more
        </Button>
      )}
    </Card>
  );
}

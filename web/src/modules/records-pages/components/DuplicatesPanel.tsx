import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { usePermissions } from "@/lib/permissions";
import { Button } from "@/ui/Button";
import { Card } from "@/ui/Card";
import { Skeleton } from "@/ui/Skeleton";
import { type Company, type Contact, type Duplicate, useDuplicates } from "../api/recordPagesApi";
import { MergeDialog } from "./MergeDialog";

const REASONS: Record<Duplicate["reason"], string> = {
  same_email: "same e-mail",
  same_domain: "same domain",
  similar_name: "similar name",
  same_phone: "same phone",
};

export interface DuplicatesPanelProps {
  kind: "company" | "contact";
  record: Company | Contact;
}

/** Likely duplicates of this record, each with a way to merge it into this one. */
export function DuplicatesPanel({ kind, record }: DuplicatesPanelProps) {
  const duplicates = useDuplicates(kind, record);
  const [merging, setMerging] = useState<Duplicate | null>(null);
  const { can } = usePermissions();
  const canMerge = can(kind, "update", record.owner?.id ?? null);
  const rows = duplicates.data ?? [];

  return (
    <Card className="flex flex-col gap-2">
      <h2 className="text-base font-semibold">Possible duplicates</h2>
      {duplicates.isPending && <Skeleton className="h-10 w-full" />}
      {!duplicates.isPending && rows.length === 0 && (
        <p className="text-sm text-muted-fg">None found. Heron looks for the same e-mail, phone or domain and similar names.</p>
      )}
      <ul className="flex flex-col divide-y divide-border">
        {rows.map((dup) => (
          <li key={dup.id} className="flex items-center gap-2 py-1.5 text-sm">
            <div className="min-w-0 flex-1">
              <Link to={kind === "company" ? "/companies/$id" : "/contacts/$id"} params={{ id: dup.id }} className="font-medium hover:underline">
                {dup.name}
              </Link>
              <p className="text-xs text-muted-fg">{REASONS[dup.reason]}</p>
            </div>
            {canMerge && (
              <Button size="sm" variant="secondary" onClick={() => setMerging(dup)}>
                Merge…
              </Button>
            )}
          </li>
        ))}
      </ul>
      {merging && <MergeDialog kind={kind} survivor={record} otherId={merging.id} onClose={() => setMerging(null)} />}
    </Card>
  );
}

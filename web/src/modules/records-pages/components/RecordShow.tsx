import { Link } from "@tanstack/react-router";
import { ArrowLeft } from "lucide-react";
import { useState } from "react";
import { usePermissions } from "@/lib/permissions";
import { Button } from "@/ui/Button";
import { Skeleton } from "@/ui/Skeleton";
import { PLURAL, type RecordKind, useRecord } from "../api/recordPagesApi";
import { Composer } from "./Composer";
import { ConvertLeadDialog } from "./ConvertLeadDialog";
import { DuplicatesPanel } from "./DuplicatesPanel";
import { RecordEditor } from "./RecordEditor";
import { RecordHeader } from "./RecordHeader";
import { RelatedRecords } from "./RelatedRecords";
import { Timeline } from "./Timeline";
import { ContactCardButton } from "@/modules/exports/components/ContactCardButton";

export interface RecordShowProps {
  kind: RecordKind;
  id: string;
}

const LIST_LABEL: Record<RecordKind, string> = { company: "Companies", contact: "Contacts", lead: "Leads", deal: "Deals" };

/** A record's page: header, fields, composer and timeline; related records and duplicates aside. */
export function RecordShow({ kind, id }: RecordShowProps) {
  const record = useRecord(kind, id);
  const [converting, setConverting] = useState(false);
  const { can } = usePermissions();
  // A 404 (gone, in the trash, not yours to see) reaches the route's error page with its request id.
  if (record.isError) throw record.error;

  const back = (
    <Link to={`/${PLURAL[kind]}`} className="inline-flex items-center gap-1 text-sm text-muted-fg hover:text-fg">
      <ArrowLeft className="h-4 w-4" aria-hidden /> {LIST_LABEL[kind]}
    </Link>
  );
  if (record.isPending) {
    return (
      <div className="flex flex-col gap-4" aria-busy="true" aria-label="Loading">
        {back}
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-4 w-96" />
        <Skeleton className="h-48 w-full" />
      </div>
    );
  }

  const data = record.data;
  const lead = kind === "lead" && "status" in data && "converted" in data ? data : null;
  const convertAction = lead && lead.status !== "converted" && can("lead", "update", lead.owner?.id ?? null) && can("contact", "create") && (
    <Button onClick={() => setConverting(true)}>Convert</Button>
  );

  return (
    <div key={id} className="flex flex-col gap-4">
      {back}
      <RecordHeader kind={kind} record={data} actions={kind === "contact" ? <ContactCardButton contactId={data.id} /> : convertAction} />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="flex flex-col gap-4">
          <RecordEditor key={data.id} kind={kind} record={data} />
          <Composer kind={kind} id={id} />
          <Timeline kind={kind} id={id} />
        </div>
        <aside className="flex flex-col gap-4">
          <RelatedRecords kind={kind} id={id} />
          {(kind === "company" || kind === "contact") && "tags" in data && <DuplicatesPanel kind={kind} record={data as never} />}
        </aside>
      </div>
      {lead && <ConvertLeadDialog lead={lead} open={converting} onOpenChange={setConverting} />}
    </div>
  );
}

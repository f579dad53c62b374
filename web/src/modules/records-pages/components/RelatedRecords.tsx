import { Link } from "@tanstack/react-router";
import { Card } from "@/ui/Card";
import { Skeleton } from "@/ui/Skeleton";
import { type RecordKind, useRelatedContacts, useRelatedDeals } from "../api/recordPagesApi";

interface Row {
  id: string;
  title: string;
  detail: string;
}

function RelatedList({ title, rows, to, isPending, empty }: { title: string; rows: Row[] | undefined; to: "/contacts/$id" | "/deals/$id"; isPending: boolean; empty: string }) {
  return (
    <Card className="flex flex-col gap-2">
      <h2 className="text-base font-semibold">
        {title} {rows && <span className="text-sm font-normal text-muted-fg">{rows.length}</span>}
      </h2>
      {isPending && <Skeleton className="h-16 w-full" />}
      {rows?.length === 0 && <p className="text-sm text-muted-fg">{empty}</p>}
      <ul className="flex flex-col divide-y divide-border">
        {rows?.map((row) => (
          <li key={row.id} className="flex items-baseline justify-between gap-2 py-1.5 text-sm">
            <Link to={to} params={{ id: row.id }} className="font-medium hover:underline">
              {row.title}
            </Link>
            <span className="text-xs text-muted-fg">{row.detail}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function CompanyContacts({ id }: { id: string }) {
  const contacts = useRelatedContacts(id);
  const rows = contacts.data?.data.map((c) => ({ id: c.id, title: c.full_name || "Unnamed contact", detail: c.job_title ?? c.email ?? "" }));
  return <RelatedList title="Contacts" rows={rows} to="/contacts/$id" isPending={contacts.isPending} empty="No contacts yet. Set this company on a contact to see them here." />;
}

function Deals({ field, id }: { field: "company_id" | "contact_id"; id: string }) {
  const deals = useRelatedDeals(field, id);
  const rows = deals.data?.data.map((d) => ({
    id: d.id,
    title: d.name,
    detail: [d.stage.name, d.amount == null ? null : `${Number(d.amount).toLocaleString()} ${d.currency}`].filter(Boolean).join(" · "),
  }));
  return <RelatedList title="Deals" rows={rows} to="/deals/$id" isPending={deals.isPending} empty="No deals yet. Deals linked to this record show here." />;
}

export interface RelatedRecordsProps {
  kind: RecordKind;
  id: string;
}

/** A company's contacts and deals; a contact's deals. */
export function RelatedRecords({ kind, id }: RelatedRecordsProps) {
  if (kind === "company") {
    return (
      <>
        <CompanyContacts id={id} />
        <Deals field="company_id" id={id} />
      </>
    );
  }
  if (kind === "contact") return <Deals field="contact_id" id={id} />;
  return null;
}

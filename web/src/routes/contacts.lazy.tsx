import { createLazyRoute, useNavigate } from "@tanstack/react-router";
import { useCallback } from "react";
import { ContactList } from "@/modules/contacts/components/ContactList";
import type { RecordListParams } from "@/modules/records/hooks/useRecordList";

export const Route = createLazyRoute("/app/contacts")({ component: ContactsPage });

function ContactsPage() {
  const params = Route.useSearch();
  const navigate = useNavigate({ from: "/contacts" });
  const onParamsChange = useCallback((next: RecordListParams) => void navigate({ search: next, replace: true }), [navigate]);
  return <ContactList params={params} onParamsChange={onParamsChange} />;
}

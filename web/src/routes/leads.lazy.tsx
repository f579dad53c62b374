import { createLazyRoute, useNavigate } from "@tanstack/react-router";
import { useCallback } from "react";
import { LeadList } from "@/modules/leads/components/LeadList";
import type { RecordListParams } from "@/modules/records/hooks/useRecordList";

export const Route = createLazyRoute("/app/leads")({ component: LeadsPage });

function LeadsPage() {
  const params = Route.useSearch();
  const navigate = useNavigate({ from: "/leads" });
  const onParamsChange = useCallback((next: RecordListParams) => void navigate({ search: next, replace: true }), [navigate]);
  return <LeadList params={params} onParamsChange={onParamsChange} />;
}

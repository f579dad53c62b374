import { createLazyRoute, useNavigate } from "@tanstack/react-router";
import { useCallback } from "react";
import { DealList } from "@/modules/deals/components/DealList";
import type { RecordListParams } from "@/modules/records/hooks/useRecordList";

export const Route = createLazyRoute("/app/deals")({ component: DealsPage });

function DealsPage() {
  const params = Route.useSearch();
  const navigate = useNavigate({ from: "/deals" });
  const onParamsChange = useCallback((next: RecordListParams) => void navigate({ search: next, replace: true }), [navigate]);
  return <DealList params={params} onParamsChange={onParamsChange} />;
}

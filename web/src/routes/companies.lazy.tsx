import { createLazyRoute, useNavigate } from "@tanstack/react-router";
import { useCallback } from "react";
import { CompanyList } from "@/modules/companies/components/CompanyList";
import type { RecordListParams } from "@/modules/records/hooks/useRecordList";

export const Route = createLazyRoute("/app/companies")({ component: CompaniesPage });

function CompaniesPage() {
  const params = Route.useSearch();
  const navigate = useNavigate({ from: "/companies" });
  const onParamsChange = useCallback((next: RecordListParams) => void navigate({ search: next, replace: true }), [navigate]);
  return <CompanyList params={params} onParamsChange={onParamsChange} />;
}

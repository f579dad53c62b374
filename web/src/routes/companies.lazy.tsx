import { createLazyRoute, useNavigate } from "@tanstack/react-router";
import { useCallback } from "react";
import type { CompanyListParams } from "@/modules/companies/api/companiesApi";
import { CompanyList } from "@/modules/companies/components/CompanyList";

export const Route = createLazyRoute("/app/companies")({ component: CompaniesPage });

function CompaniesPage() {
  const params = Route.useSearch();
  const navigate = useNavigate({ from: "/companies" });
  const onParamsChange = useCallback((next: CompanyListParams) => void navigate({ search: next, replace: true }), [navigate]);
  return <CompanyList params={params} onParamsChange={onParamsChange} />;
}

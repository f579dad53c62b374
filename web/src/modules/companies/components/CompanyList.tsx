import { ArrowDown, ArrowUp, Building2, Plus, Search } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/ui/Button";
import { EmptyState } from "@/ui/EmptyState";
import { Input } from "@/ui/Input";
import { Skeleton } from "@/ui/Skeleton";
import { type CompanyListParams, useCompanies } from "../api/companiesApi";
import { CompanyCreate } from "./CompanyCreate";

const COLUMNS = [
  { key: "name", label: "Name" },
  { key: "domain", label: "Domain" },
  { key: "industry", label: "Industry" },
  { key: "employee_count", label: "Employees" },
  { key: "created_at", label: "Created" },
] as const;

export interface CompanyListProps {
  params: CompanyListParams;
  onParamsChange: (params: CompanyListParams) => void;
}

/** Companies: search, sort by a header, keyset "load more", and the total. */
export function CompanyList({ params, onParamsChange }: CompanyListProps) {
  const [creating, setCreating] = useState(false);
  const [text, setText] = useState(params.q ?? "");
  const companies = useCompanies(params);
  const rows = companies.data?.pages.flatMap((page) => page.data) ?? [];
  const total = companies.data?.pages[0]?.meta.total;

  // Search as the person types, without a request per keystroke.
  useEffect(() => {
    if (text === (params.q ?? "")) return;
    const timer = setTimeout(() => onParamsChange({ ...params, q: text || undefined }), 250);
    return () => clearTimeout(timer);
  }, [text, params, onParamsChange]);

  const toggleSort = (key: string) => {
    const next = params.sort === key ? `-${key}` : key;
    onParamsChange({ ...params, sort: next });
  };

  if (companies.isError) throw companies.error;
  const isEmptyOrg = !companies.isPending && rows.length === 0 && !params.q;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center gap-3">
        <h1 className="text-xl font-semibold">Companies</h1>
        {total != null && <span className="text-sm text-muted-fg" data-testid="companies-total">{total.toLocaleString()}</span>}
        <div className="relative ml-auto w-64">
          <Search className="pointer-events-none absolute left-2.5 top-2.5 h-4 w-4 text-muted-fg" aria-hidden />
          <Input aria-label="Search companies" placeholder="Search companies" className="pl-8" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <Button onClick={() => setCreating(true)}>
          <Plus className="h-4 w-4" aria-hidden /> New company
        </Button>
      </div>

      {isEmptyOrg ? (
        <EmptyState
          icon={Building2}
          title="No companies yet"
          action={<Button onClick={() => setCreating(true)}>Add your first company</Button>}
        >
          Companies are the organizations you sell to. Add one, then attach its contacts and deals to see the whole
          relationship in one place.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border">
          <table className="w-full text-sm">
            <thead className="bg-muted text-left text-xs uppercase tracking-wide text-muted-fg">
              <tr>
                {COLUMNS.map((column) => {
                  const direction = params.sort === column.key ? "ascending" : params.sort === `-${column.key}` ? "descending" : "none";
                  return (
                    <th key={column.key} aria-sort={direction} className="px-3 py-2 font-medium">
                      <button type="button" className="inline-flex items-center gap-1 hover:text-fg" onClick={() => toggleSort(column.key)}>
                        {column.label}
                        {direction === "ascending" && <ArrowUp className="h-3 w-3" aria-hidden />}
                        {direction === "descending" && <ArrowDown className="h-3 w-3" aria-hidden />}
                      </button>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {companies.isPending &&
                Array.from({ length: 6 }, (_, i) => (
                  <tr key={i} className="border-t border-border">
                    {COLUMNS.map((column) => (
                      <td key={column.key} className="px-3 py-2.5">
                        <Skeleton className="h-4 w-24" />
                      </td>
                    ))}
                  </tr>
                ))}
              {rows.map((company) => (
                <tr key={company.id} className="border-t border-border hover:bg-muted/60">
                  <td className="px-3 py-2 font-medium">{company.name}</td>
                  <td className="px-3 py-2 text-muted-fg">{company.domain ?? "—"}</td>
                  <td className="px-3 py-2">{company.industry ?? "—"}</td>
                  <td className="px-3 py-2 tabular-nums">{company.employee_count?.toLocaleString() ?? "—"}</td>
                  <td className="px-3 py-2 text-muted-fg">{new Date(company.created_at).toLocaleDateString()}</td>
                </tr>
              ))}
              {!companies.isPending && rows.length === 0 && (
                <tr>
                  <td colSpan={COLUMNS.length} className="px-3 py-10 text-center text-muted-fg">
                    No company matches "{params.q}". Try fewer or shorter words.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}

      {companies.hasNextPage && (
        <Button variant="secondary" className="self-center" loading={companies.isFetchingNextPage} onClick={() => void companies.fetchNextPage()}>
          Load more
        </Button>
      )}
      <CompanyCreate open={creating} onOpenChange={setCreating} />
    </div>
  );
}

import type { LucideIcon } from "lucide-react";
import { Link } from "@tanstack/react-router";
import { Plus, Search, Upload } from "lucide-react";
import { type ReactNode, useCallback, useEffect, useMemo, useState } from "react";
import { toast } from "sonner";
import { ApiError } from "@/lib/errors";
import { usePermissions } from "@/lib/permissions";
import { Button, buttonVariants } from "@/ui/Button";
import { EmptyState } from "@/ui/EmptyState";
import { Input } from "@/ui/Input";
import { type View, useCreateView, useUpdateRecord, useViews } from "../api/recordsApi";
import { useColumnPrefs } from "../hooks/useColumnPrefs";
import { useFilterFields } from "../hooks/useFilterFields";
import { type RecordListParams, useRecordList } from "../hooks/useRecordList";
import { type FilterGroup, fromFilterParams, fromViewFilters, isFlat, toFilterParams, toViewFilters } from "../utils/filterParams";
import type { KindConfig, RecordRow } from "../utils/kinds";
import { ExportMenu } from "@/modules/exports/components/ExportMenu";
import { BulkBar } from "./BulkBar";
import { ColumnChooser } from "./ColumnChooser";
import { FilterBuilder } from "./FilterBuilder";
import { RecordTable } from "./RecordTable";
import { TotalCount } from "./TotalCount";
import { ViewPicker } from "./ViewPicker";

// The kinds a file can be imported into (issue 5).
const IMPORTABLE = new Set(["contact", "company", "lead"]);

export interface RecordListProps {
  config: KindConfig;
  icon: LucideIcon;
  params: RecordListParams;
  onParamsChange: (params: RecordListParams) => void;
  /** The kind's create dialog. */
  renderCreate: (open: boolean, onOpenChange: (open: boolean) => void) => ReactNode;
}

/** A kind's list screen: search, filters, saved views, columns, the virtualised table and bulk actions. */
export function RecordList({ config, icon, params, onParamsChange, renderCreate }: RecordListProps) {
  const [creating, setCreating] = useState(false);
  const [text, setText] = useState(params.q ?? "");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [visible, setVisible] = useColumnPrefs(config.plural, config.defaultColumns);
  const list = useRecordList(config.plural, params);
  const views = useViews(config.kind);
  const createView = useCreateView();
  const update = useUpdateRecord(config.plural);
  const fields = useFilterFields(config);
  const permissions = usePermissions();
  const activeView = views.data?.find((v) => v.id === params.view);

  // The command palette's "New …" arrives as ?create=true: open the dialog and drop the flag, so a
  // reload or the back button does not open it again.
  useEffect(() => {
    if (!params.create) return;
    setCreating(true);
    const { create: _create, ...rest } = params;
    onParamsChange(rest);
  }, [params, onParamsChange]);

  useEffect(() => {
    if (text === (params.q ?? "")) return;
    const timer = setTimeout(() => onParamsChange({ ...params, q: text || undefined }), 250);
    return () => clearTimeout(timer);
  }, [text, params, onParamsChange]);

  const columns = useMemo(() => config.columns.filter((c) => visible.includes(c.key)), [config.columns, visible]);
  const filterGroup = activeView ? fromViewFilters(activeView.filters) : fromFilterParams(params.filters ?? {});
  const mayUpdate = permissions.can(config.kind, "update");

  const saveView = async (name: string, shared: boolean, filters?: FilterGroup) => {
    const view = await createView.mutateAsync({
      record_kind: config.kind,
      name,
      shared,
      filters: toViewFilters(filters ?? filterGroup),
      sort: params.sort ?? null,
      columns: visible,
    });
    onParamsChange({ ...params, view: view.id, filters: undefined });
  };

  const applyFilters = async (group: FilterGroup) => {
    if (isFlat(group)) {
      const filters = toFilterParams(group);
      onParamsChange({ ...params, view: undefined, filters: Object.keys(filters).length ? filters : undefined });
      return;
    }
    // filter[...] parameters are ANDed; OR and nested groups only exist as a saved view's tree.
    try {
      await saveView(`Filter ${new Date().toLocaleString()}`, false, group);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    }
  };

  const pickView = (view: View | null) => {
    setSelected(new Set());
    if (view && view.columns.length > 0) setVisible(view.columns);
    onParamsChange({ q: params.q, count: params.count, view: view?.id });
  };

  const saveCell = useCallback(
    async (row: RecordRow, field: string, value: string | number | null) => {
      try {
        await update.mutateAsync({ id: row.id, version: row.version, body: { [field]: value } });
        toast.success("Saved.");
      } catch (error) {
        if (error instanceof ApiError && error.status === 412) {
          toast.error("Someone else changed this record meanwhile: the list is reloaded, try again.");
        } else if (error instanceof ApiError && error.status === 422) {
          toast.error(error.details[0]?.msg ?? error.message);
        } else {
          toast.error(error instanceof Error ? error.message : String(error));
        }
      }
    },
    [update],
  );

  if (list.isError) throw list.error;
  const filtered = Boolean(params.q || params.view || params.filters);
  const isEmptyOrg = !list.isPending && list.rowCount === 0 && !filtered;
  const Icon = icon;

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">{config.title}</h1>
        <TotalCount total={list.total} kind={list.totalKind} exact={params.count === "exact"} onCountExactly={() => onParamsChange({ ...params, count: "exact" })} testId={`${config.plural}-total`} />
        <div className="relative ml-auto w-64">
          <Search className="pointer-events-none absolute left-2.5 top-2.5 h-4 w-4 text-muted-fg" aria-hidden />
          <Input aria-label={`Search ${config.plural}`} placeholder={`Search ${config.plural}`} className="pl-8" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        {IMPORTABLE.has(config.kind) && permissions.can("import", "create") && permissions.can(config.kind, "create") && (
          <Link to="/imports/new" search={{ kind: config.kind as "contact" | "company" | "lead" }} className={buttonVariants({ variant: "secondary" })}>
            <Upload className="h-4 w-4" aria-hidden /> Import
          </Link>
        )}
        {permissions.can(config.kind, "create") && (
          <Button onClick={() => setCreating(true)}>
            <Plus className="h-4 w-4" aria-hidden /> New {config.singular}
          </Button>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <ViewPicker kind={config.kind} activeId={params.view} onPick={pickView} onSave={(name, shared) => saveView(name, shared)} />
        <FilterBuilder fields={fields} value={filterGroup} onApply={(group) => void applyFilters(group)} />
        <ColumnChooser columns={config.columns} visible={visible} nameColumn={config.nameColumn} onChange={setVisible} />
        <div className="ml-auto">
          <ExportMenu config={config} params={params} columns={columns.map((c) => c.key)} total={list.total} totalKind={list.totalKind} />
        </div>
      </div>
      <BulkBar
        config={config}
        selected={selected}
        onDone={() => setSelected(new Set())}
        mayUpdate={mayUpdate}
        mayDelete={permissions.can(config.kind, "delete")}
      />
      {isEmptyOrg ? (
        <EmptyState
          icon={Icon}
          title={`No ${config.plural} yet`}
          action={permissions.can(config.kind, "create") && <Button onClick={() => setCreating(true)}>Create your first {config.singular}</Button>}
        >
          {config.empty}
        </EmptyState>
      ) : !list.isPending && list.rowCount === 0 ? (
        <p className="rounded-lg border border-dashed border-border px-3 py-10 text-center text-sm text-muted-fg">
          No {config.singular} matches these filters. Loosen a condition, or pick "All records".
        </p>
      ) : (
        <RecordTable
          // Another list (search, filters, sort, view) starts at its top.
          key={list.key}
          config={config}
          columns={columns}
          rowCount={list.rowCount}
          rowAt={list.rowAt}
          hasMore={list.hasMore}
          loadedRows={list.loadedRows}
          onRowsShown={list.showRows}
          total={list.total}
          isPending={list.isPending}
          sort={params.sort ?? activeView?.sort ?? undefined}
          onSortChange={(sort) => onParamsChange({ ...params, sort })}
          selected={selected}
          onSelectedChange={setSelected}
          onSaveCell={mayUpdate ? saveCell : undefined}
        />
      )}
      {renderCreate(creating, setCreating)}
    </div>
  );
}

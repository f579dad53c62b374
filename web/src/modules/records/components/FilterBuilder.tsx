import { Filter } from "lucide-react";
import { useState } from "react";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { EMPTY_GROUP, type FilterGroup, countConditions, isFlat } from "../utils/filterParams";
import type { FilterFieldDef } from "../utils/kinds";
import { FilterGroupEditor } from "./FilterGroupEditor";

export interface FilterBuilderProps {
  fields: FilterFieldDef[];
  value: FilterGroup;
  /** Called with the edited tree; the list turns a flat AND into parameters and saves the rest as a view. */
  onApply: (group: FilterGroup) => void;
}

/** The "Filter" button and its dialog of AND/OR groups over the kind's fields, custom fields and tags. */
export function FilterBuilder({ fields, value, onApply }: FilterBuilderProps) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<FilterGroup>(value);
  const active = countConditions(value);

  const openWith = () => {
    setDraft(value.conditions.length > 0 ? value : EMPTY_GROUP);
    setOpen(true);
  };
  const apply = (group: FilterGroup) => {
    onApply(group);
    setOpen(false);
  };

  return (
    <>
      <Button variant={active > 0 ? "primary" : "secondary"} size="sm" onClick={openWith}>
        <Filter className="h-4 w-4" aria-hidden /> Filter{active > 0 ? ` (${active})` : ""}
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title="Filter" description="Show only the records that match. Groups combine conditions with AND or OR.">
        <div className="flex max-h-[60vh] flex-col gap-4 overflow-auto">
          <FilterGroupEditor group={draft} fields={fields} onChange={setDraft} />
          {!isFlat(draft) && (
            <p className="text-xs text-muted-fg">
              OR and nested groups are kept as a saved view: applying saves this filter as a private view named after today.
            </p>
          )}
        </div>
        <div className="mt-4 flex justify-between gap-2">
          <Button variant="ghost" onClick={() => apply(EMPTY_GROUP)}>
            Clear filters
          </Button>
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button onClick={() => apply(draft)}>Apply</Button>
          </div>
        </div>
      </Dialog>
    </>
  );
}

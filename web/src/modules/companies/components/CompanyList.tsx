import { Building2 } from "lucide-react";
import type { RecordListParams } from "@/modules/records/hooks/useRecordList";
import { RecordList } from "@/modules/records/components/RecordList";
import { KINDS } from "@/modules/records/utils/kinds";
import { CompanyCreate } from "./CompanyCreate";

export interface CompanyListProps {
  params: RecordListParams;
  onParamsChange: (params: RecordListParams) => void;
}

/** The companies list: the shared records list with the companies columns, filters and create dialog. */
export function CompanyList({ params, onParamsChange }: CompanyListProps) {
  return (
    <RecordList
      config={KINDS.companies}
      icon={Building2}
      params={params}
      onParamsChange={onParamsChange}
      renderCreate={(open, onOpenChange) => <CompanyCreate open={open} onOpenChange={onOpenChange} />}
    />
  );
}

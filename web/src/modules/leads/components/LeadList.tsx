import { Sparkles } from "lucide-react";
import type { RecordListParams } from "@/modules/records/hooks/useRecordList";
import { RecordList } from "@/modules/records/components/RecordList";
import { KINDS } from "@/modules/records/utils/kinds";
import { LeadCreate } from "./LeadCreate";

export interface LeadListProps {
  params: RecordListParams;
  onParamsChange: (params: RecordListParams) => void;
}

/** The leads list: the shared records list with the leads columns, filters and create dialog. */
export function LeadList({ params, onParamsChange }: LeadListProps) {
  return (
    <RecordList
      config={KINDS.leads}
      icon={Sparkles}
      params={params}
      onParamsChange={onParamsChange}
      renderCreate={(open, onOpenChange) => <LeadCreate open={open} onOpenChange={onOpenChange} />}
    />
  );
}

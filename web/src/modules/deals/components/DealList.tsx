import { Handshake } from "lucide-react";
import type { RecordListParams } from "@/modules/records/hooks/useRecordList";
import { RecordList } from "@/modules/records/components/RecordList";
import { KINDS } from "@/modules/records/utils/kinds";
import { DealCreate } from "./DealCreate";

export interface DealListProps {
  params: RecordListParams;
  onParamsChange: (params: RecordListParams) => void;
}

/** The deals list: the shared records list with the deals columns, filters and create dialog. */
export function DealList({ params, onParamsChange }: DealListProps) {
  return (
    <RecordList
      config={KINDS.deals}
      icon={Handshake}
      params={params}
      onParamsChange={onParamsChange}
      renderCreate={(open, onOpenChange) => <DealCreate open={open} onOpenChange={onOpenChange} />}
    />
  );
}

import { Users } from "lucide-react";
import type { RecordListParams } from "@/modules/records/hooks/useRecordList";
import { RecordList } from "@/modules/records/components/RecordList";
import { KINDS } from "@/modules/records/utils/kinds";
import { ContactCreate } from "./ContactCreate";

export interface ContactListProps {
  params: RecordListParams;
  onParamsChange: (params: RecordListParams) => void;
}

/** The contacts list: the shared records list with the contacts columns, filters and create dialog. */
export function ContactList({ params, onParamsChange }: ContactListProps) {
  return (
    <RecordList
      config={KINDS.contacts}
      icon={Users}
      params={params}
      onParamsChange={onParamsChange}
      renderCreate={(open, onOpenChange) => <ContactCreate open={open} onOpenChange={onOpenChange} />}
    />
  );
}

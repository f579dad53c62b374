import { Contact } from "lucide-react";
import { toast } from "sonner";
import { usePermissions } from "@/lib/permissions";
import { Button } from "@/ui/Button";
import { downloadContactCard } from "../api/exportsApi";

export interface ContactCardButtonProps {
  contactId: string;
}

/** Downloads the contact as a vCard for an address book. */
export function ContactCardButton({ contactId }: ContactCardButtonProps) {
  const { can } = usePermissions();
  if (!can("contact", "export")) return null;
  const download = async () => {
    try {
      await downloadContactCard(contactId);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <Button variant="secondary" onClick={() => void download()}>
      <Contact className="h-4 w-4" aria-hidden /> vCard
    </Button>
  );
}

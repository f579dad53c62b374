import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { Field } from "@/ui/Field";
import { Input } from "@/ui/Input";
import { type Lead, type LeadConvert, useConvertLead, usePipelines } from "../api/recordPagesApi";

type CompanyMode = "auto" | "existing" | "new" | "none";
const select = "h-9 w-full rounded-md border border-input bg-bg px-3 text-sm";

export interface ConvertLeadDialogProps {
  lead: Lead;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** Turn a lead into a contact (and a company, and a deal when asked), then open the contact. */
export function ConvertLeadDialog({ lead, open, onOpenChange }: ConvertLeadDialogProps) {
  const convert = useConvertLead(lead.id);
  const pipelines = usePipelines().data ?? [];
  const navigate = useNavigate();
  const [companyMode, setCompanyMode] = useState<CompanyMode>("auto");
  const [companyId, setCompanyId] = useState("");
  const [companyName, setCompanyName] = useState(lead.company_name ?? "");
  const [contactMode, setContactMode] = useState<"auto" | "new">("auto");
  const [withDeal, setWithDeal] = useState(false);
  const [deal, setDeal] = useState({ name: lead.company_name ?? lead.name, pipeline_id: "", stage_id: "", amount: "" });
  const stages = pipelines.find((p) => p.id === deal.pipeline_id)?.stages ?? [];

  const onConvert = async () => {
    const body: LeadConvert = {
      company: {
        mode: companyMode,
        company_id: companyMode === "existing" ? companyId.trim() || null : null,
        name: companyMode === "new" ? companyName.trim() || null : null,
      },
      contact: { mode: contactMode },
      deal: withDeal
        ? { name: deal.name.trim() || null, pipeline_id: deal.pipeline_id || null, stage_id: deal.stage_id || null, amount: deal.amount.trim() || null }
        : null,
    };
    try {
      const result = await convert.mutateAsync({ version: lead.version, body });
      toast.success(`${lead.name} is converted.`);
      onOpenChange(false);
      void navigate({ to: "/contacts/$id", params: { id: result.contact.id } });
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={`Convert ${lead.name}`} description="The lead becomes a contact; its activities follow.">
      <div className="flex flex-col gap-4">
        <Field label="Company">
          <select className={select} value={companyMode} onChange={(e) => setCompanyMode(e.target.value as CompanyMode)}>
            <option value="auto">Match by domain or name, else create</option>
            <option value="existing">An existing company</option>
            <option value="new">A new company</option>
            <option value="none">No company</option>
          </select>
        </Field>
        {companyMode === "existing" && (
          <Field label="Company id" hint="Open the company and copy its id from the address bar.">
            <Input value={companyId} onChange={(e) => setCompanyId(e.target.value)} />
          </Field>
        )}
        {companyMode === "new" && (
          <Field label="New company name">
            <Input value={companyName} onChange={(e) => setCompanyName(e.target.value)} />
          </Field>
        )}
        <Field label="Contact">
          <select className={select} value={contactMode} onChange={(e) => setContactMode(e.target.value as "auto" | "new")}>
            <option value="auto">Match by e-mail, else create</option>
            <option value="new">Always a new contact</option>
          </select>
        </Field>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={withDeal} onChange={(e) => setWithDeal(e.target.checked)} /> Create a deal too
        </label>
        {withDeal && (
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Deal name">
              <Input value={deal.name} onChange={(e) => setDeal({ ...deal, name: e.target.value })} />
            </Field>
            <Field label="Amount">
              <Input inputMode="decimal" value={deal.amount} onChange={(e) => setDeal({ ...deal, amount: e.target.value })} />
            </Field>
            <Field label="Pipeline">
              <select className={select} value={deal.pipeline_id} onChange={(e) => setDeal({ ...deal, pipeline_id: e.target.value, stage_id: "" })}>
                <option value="">Default pipeline</option>
                {pipelines.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Stage">
              <select className={select} value={deal.stage_id} disabled={!deal.pipeline_id} onChange={(e) => setDeal({ ...deal, stage_id: e.target.value })}>
                <option value="">First stage</option>
                {stages.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        )}
      </div>
      <div className="mt-5 flex justify-end gap-2">
        <Button variant="secondary" onClick={() => onOpenChange(false)}>
          Cancel
        </Button>
        <Button loading={convert.isPending} onClick={() => void onConvert()}>
          Convert lead
        </Button>
      </div>
    </Dialog>
  );
}

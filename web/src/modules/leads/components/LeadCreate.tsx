import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
import { applyFieldErrors } from "@/lib/errors";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { Field } from "@/ui/Field";
import { Input } from "@/ui/Input";
import { useCreateLead } from "../api/leadsApi";

const schema = z.object({
  name: z.string().trim().min(1, "Give the lead a name.").max(300),
  email: z.union([z.literal(""), z.email("An e-mail address, like ada@example.com.")]),
  company_name: z.string().trim().max(300),
  source: z.string().trim().max(120),
});
type Values = z.input<typeof schema>;
const FIELDS = ["name", "email", "company_name", "source"] as const;
const EMPTY: Values = { name: "", email: "", company_name: "", source: "" };

export interface LeadCreateProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** "New lead": who, how to reach them, their company and where they came from. */
export function LeadCreate({ open, onOpenChange }: LeadCreateProps) {
  const create = useCreateLead();
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: EMPTY });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async (v) => {
    try {
      const lead = await create.mutateAsync({
        name: v.name,
        email: v.email || null,
        company_name: v.company_name || null,
        source: v.source || null,
      });
      toast.success(`${lead.name} is created.`);
      form.reset(EMPTY);
      onOpenChange(false);
    } catch (error) {
      for (const message of applyFieldErrors(error, form.setError, FIELDS)) toast.error(message);
    }
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="New lead">
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2">
            <Field label="Name" error={errors.name?.message}>
              <Input autoFocus {...form.register("name")} />
            </Field>
          </div>
          <Field label="E-mail" error={errors.email?.message}>
            <Input type="email" {...form.register("email")} />
          </Field>
          <Field label="Company name" error={errors.company_name?.message}>
            <Input {...form.register("company_name")} />
          </Field>
          <Field label="Source" error={errors.source?.message} hint="e.g. website, referral, trade fair">
            <Input {...form.register("source")} />
          </Field>
        </div>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" loading={form.formState.isSubmitting}>
            Create lead
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
import { applyFieldErrors } from "@/lib/errors";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { Field } from "@/ui/Field";
import { Input } from "@/ui/Input";
import { useCompanyOptions, useCreateContact } from "../api/contactsApi";

const optional = (max: number) => z.string().trim().max(max, `At most ${max} characters.`);
const schema = z
  .object({
    first_name: optional(120),
    last_name: optional(120),
    email: z.union([z.literal(""), z.email("An e-mail address, like ada@example.com.")]),
    phone: optional(50),
    company_id: z.string(),
  })
  .refine((v) => v.first_name.trim() || v.last_name.trim(), { path: ["first_name"], message: "Give a first or a last name." });
type Values = z.input<typeof schema>;
const FIELDS = ["first_name", "last_name", "email", "phone", "company_id"] as const;
const EMPTY: Values = { first_name: "", last_name: "", email: "", phone: "", company_id: "" };

export interface ContactCreateProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** "New contact": a name, an e-mail, a phone and a company are enough to start. */
export function ContactCreate({ open, onOpenChange }: ContactCreateProps) {
  const create = useCreateContact();
  const [companyQuery, setCompanyQuery] = useState("");
  const companies = useCompanyOptions(companyQuery);
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: EMPTY });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async (v) => {
    try {
      const contact = await create.mutateAsync({
        first_name: v.first_name || null,
        last_name: v.last_name || null,
        emails: v.email ? [{ email: v.email }] : [],
        phones: v.phone ? [{ number: v.phone }] : [],
        company_id: v.company_id || null,
      });
      toast.success(`${contact.full_name} is created.`);
      form.reset(EMPTY);
      onOpenChange(false);
    } catch (error) {
      for (const message of applyFieldErrors(error, form.setError, FIELDS)) toast.error(message);
    }
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="New contact">
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="First name" error={errors.first_name?.message}>
            <Input autoFocus {...form.register("first_name")} />
          </Field>
          <Field label="Last name" error={errors.last_name?.message}>
            <Input {...form.register("last_name")} />
          </Field>
          <Field label="E-mail" error={errors.email?.message}>
            <Input type="email" {...form.register("email")} />
          </Field>
          <Field label="Phone" error={errors.phone?.message}>
            <Input type="tel" {...form.register("phone")} />
          </Field>
          <Field label="Find a company" hint="Type to narrow the list below.">
            <Input value={companyQuery} onChange={(e) => setCompanyQuery(e.target.value)} />
          </Field>
          <Field label="Company" error={errors.company_id?.message}>
            <select className="h-9 rounded-md border border-input bg-bg px-2 text-sm" {...form.register("company_id")}>
              <option value="">No company</option>
              {(companies.data ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" loading={form.formState.isSubmitting}>
            Create contact
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

import type { UseFormReturn } from "react-hook-form";
import { z } from "zod";
import { Field } from "@/ui/Field";
import { Input } from "@/ui/Input";

// Optional text inputs send null when left empty, so the API stores "no value", not "".
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .transform((value) => (value === "" ? null : value));

export const companyInputsSchema = z.object({
  name: z.string().trim().min(1, "Give the company a name.").max(300),
  domain: optionalText(300),
  industry: optionalText(120),
  phone: optionalText(50),
  employee_count: z
    .string()
    .trim()
    .regex(/^\d*$/, "A whole number, like 120.")
    .transform((value) => (value === "" ? null : Number(value))),
});
export type CompanyInputValues = z.input<typeof companyInputsSchema>;
export type CompanyInputOutput = z.output<typeof companyInputsSchema>;
export const COMPANY_FIELDS = ["name", "domain", "industry", "phone", "employee_count"] as const;

export interface CompanyInputsProps {
  form: UseFormReturn<CompanyInputValues, unknown, CompanyInputOutput>;
}

/** The editable fields of a company, shared by create and edit. */
export function CompanyInputs({ form }: CompanyInputsProps) {
  const { errors } = form.formState;
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <Field label="Name" error={errors.name?.message}>
          <Input autoFocus {...form.register("name")} />
        </Field>
      </div>
      <Field label="Domain" error={errors.domain?.message} hint="e.g. example.com">
        <Input {...form.register("domain")} />
      </Field>
      <Field label="Industry" error={errors.industry?.message}>
        <Input {...form.register("industry")} />
      </Field>
      <Field label="Phone" error={errors.phone?.message}>
        <Input type="tel" {...form.register("phone")} />
      </Field>
      <Field label="Employees" error={errors.employee_count?.message}>
        <Input inputMode="numeric" {...form.register("employee_count")} />
      </Field>
    </div>
  );
}

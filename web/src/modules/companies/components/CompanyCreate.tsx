import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { applyFieldErrors } from "@/lib/errors";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { useCreateCompany } from "../api/companiesApi";
import {
  COMPANY_FIELDS,
  type CompanyInputOutput,
  type CompanyInputValues,
  CompanyInputs,
  companyInputsSchema,
} from "./CompanyInputs";

const EMPTY: CompanyInputValues = { name: "", domain: "", industry: "", phone: "", employee_count: "" };

export interface CompanyCreateProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** The "New company" dialog: validated here, then by the API, whose 422s land on the fields. */
export function CompanyCreate({ open, onOpenChange }: CompanyCreateProps) {
  const create = useCreateCompany();
  const form = useForm<CompanyInputValues, unknown, CompanyInputOutput>({
    resolver: zodResolver(companyInputsSchema),
    defaultValues: EMPTY,
  });

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const company = await create.mutateAsync(values);
      toast.success(`${company.name} is created.`);
      form.reset(EMPTY);
      onOpenChange(false);
    } catch (error) {
      for (const message of applyFieldErrors(error, form.setError, COMPANY_FIELDS)) toast.error(message);
    }
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="New company">
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
        <CompanyInputs form={form} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" loading={form.formState.isSubmitting}>
            Create company
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

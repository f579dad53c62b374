import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
import { ApiError, applyFieldErrors } from "@/lib/errors";
import { usePermissions } from "@/lib/permissions";
import { Button } from "@/ui/Button";
import { Field } from "@/ui/Field";
import { Input } from "@/ui/Input";
import { Select } from "@/ui/Select";
import { Skeleton } from "@/ui/Skeleton";
import { useOrg, useUpdateOrg } from "../api/orgApi";
import { CURRENCIES } from "./currencies";

const MONTHS = Array.from({ length: 12 }, (_, i) => new Date(2000, i, 1).toLocaleString(undefined, { month: "long" }));
const schema = z.object({
  name: z.string().trim().min(1, "Give the organization a name.").max(200),
  default_currency: z.enum(CURRENCIES, "Choose a currency."),
  time_zone: z.string().trim().min(1, "A time zone like Europe/Paris."),
  locale: z.string().trim().min(2, "A locale like en-GB."),
  fiscal_year_start_month: z.coerce.number().int().min(1).max(12),
});
type Values = z.input<typeof schema>;
type Output = z.output<typeof schema>;
const FIELDS = ["name", "default_currency", "time_zone", "locale", "fiscal_year_start_month"] as const;

/** The organization's name, currency, time zone, locale and fiscal year. */
export function OrgSettings() {
  const { can } = usePermissions();
  const org = useOrg();
  const update = useUpdateOrg();
  const form = useForm<Values, unknown, Output>({ resolver: zodResolver(schema) });
  const data = org.data;
  useEffect(() => {
    if (data) form.reset(data as Values);
  }, [data, form]);

  if (org.isError) throw org.error;
  if (!org.data) return <Skeleton className="h-64 w-full" />;
  const editable = can("organization", "update");
  const onSubmit = form.handleSubmit(async (body) => {
    try {
      await update.mutateAsync({ org: org.data, body });
      toast.success("The organization is saved.");
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        toast.error("Someone changed these settings meanwhile: their version is now shown. Make your change again.");
        await org.refetch();
        return;
      }
      for (const message of applyFieldErrors(error, form.setError, FIELDS)) toast.error(message);
    }
  });
  const { errors } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate className="flex max-w-xl flex-col gap-4" aria-label="Organization">
      <h2 className="text-lg font-semibold">Organization</h2>
      <fieldset disabled={!editable} className="grid gap-4 sm:grid-cols-2">
        <div className="sm:col-span-2">
          <Field label="Name" error={errors.name?.message}>
            <Input {...form.register("name")} />
          </Field>
        </div>
        <Field label="Default currency" error={errors.default_currency?.message} hint="New deals and pipelines use it.">
          <Select {...form.register("default_currency")}>
            {CURRENCIES.map((code) => (
              <option key={code}>{code}</option>
            ))}
          </Select>
        </Field>
        <Field label="Time zone" error={errors.time_zone?.message} hint="Decides when a task is due “today”.">
          <Input {...form.register("time_zone")} />
        </Field>
        <Field label="Locale" error={errors.locale?.message}>
          <Input {...form.register("locale")} />
        </Field>
        <Field label="Fiscal year starts in" error={errors.fiscal_year_start_month?.message}>
          <Select {...form.register("fiscal_year_start_month")}>
            {MONTHS.map((month, i) => (
              <option key={month} value={i + 1}>
                {month}
              </option>
            ))}
          </Select>
        </Field>
      </fieldset>
      {editable ? (
        <div>
          <Button type="submit" loading={form.formState.isSubmitting} disabled={!form.formState.isDirty}>
            Save
          </Button>
        </div>
      ) : (
        <p className="text-sm text-muted-fg">Only owners and admins change these settings.</p>
      )}
    </form>
  );
}

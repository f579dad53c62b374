import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
import { applyFieldErrors } from "@/lib/errors";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { Field } from "@/ui/Field";
import { Input } from "@/ui/Input";
import { useCreateDeal, usePipelines } from "../api/dealsApi";

const SELECT = "h-9 rounded-md border border-input bg-bg px-2 text-sm";
const schema = z.object({
  name: z.string().trim().min(1, "Give the deal a name.").max(300),
  amount: z.string().trim().regex(/^(\d+(\.\d{1,2})?)?$/, "An amount, like 1200 or 1200.50."),
  currency: z.string().trim().regex(/^([A-Za-z]{3})?$/, "A three-letter currency code, like EUR."),
  pipeline_id: z.string().min(1, "Choose a pipeline."),
  stage_id: z.string().min(1, "Choose a stage."),
});
type Values = z.input<typeof schema>;
const FIELDS = ["name", "amount", "currency", "pipeline_id", "stage_id"] as const;
const EMPTY: Values = { name: "", amount: "", currency: "", pipeline_id: "", stage_id: "" };

export interface DealCreateProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** "New deal": a name, what it is worth, and the pipeline stage it starts in. */
export function DealCreate({ open, onOpenChange }: DealCreateProps) {
  const create = useCreateDeal();
  const pipelines = usePipelines();
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: EMPTY });
  const { errors } = form.formState;
  const pipelineId = form.watch("pipeline_id");
  const pipeline = pipelines.data?.find((p) => p.id === pipelineId);

  // Start in the default pipeline's first stage, which is where most deals begin (again after a
  // deal was created and the form reset).
  useEffect(() => {
    if (!open || form.getValues("pipeline_id") || !pipelines.data?.length) return;
    const chosen = pipelines.data.find((p) => p.is_default) ?? pipelines.data[0]!;
    form.setValue("pipeline_id", chosen.id);
    form.setValue("stage_id", chosen.stages[0]?.id ?? "");
    form.setValue("currency", chosen.currency);
  }, [open, pipelines.data, form]);

  const onSubmit = form.handleSubmit(async (v) => {
    try {
      const deal = await create.mutateAsync({
        name: v.name,
        amount: v.amount || null,
        currency: v.currency ? v.currency.toUpperCase() : null,
        pipeline_id: v.pipeline_id,
        stage_id: v.stage_id,
      });
      toast.success(`${deal.name} is created.`);
      form.reset(EMPTY);
      onOpenChange(false);
    } catch (error) {
      for (const message of applyFieldErrors(error, form.setError, FIELDS)) toast.error(message);
    }
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="New deal">
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2">
            <Field label="Name" error={errors.name?.message}>
              <Input autoFocus {...form.register("name")} />
            </Field>
          </div>
          <Field label="Amount" error={errors.amount?.message}>
            <Input inputMode="decimal" {...form.register("amount")} />
          </Field>
          <Field label="Currency" error={errors.currency?.message} hint="Defaults to the pipeline's currency.">
            <Input maxLength={3} {...form.register("currency")} />
          </Field>
          <Field label="Pipeline" error={errors.pipeline_id?.message}>
            {/* Controlled: a value set before its options exist (pipelines still loading) still shows. */}
            <select
              className={SELECT}
              value={pipelineId}
              {...form.register("pipeline_id", {
                onChange: (e: { target: { value: string } }) => {
                  const next = pipelines.data?.find((p) => p.id === e.target.value);
                  form.setValue("stage_id", next?.stages[0]?.id ?? "");
                },
              })}
            >
              <option value="">Choose…</option>
              {(pipelines.data ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Stage" error={errors.stage_id?.message}>
            <select className={SELECT} value={form.watch("stage_id")} {...form.register("stage_id")}>
              <option value="">Choose…</option>
              {(pipeline?.stages ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
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
            Create deal
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

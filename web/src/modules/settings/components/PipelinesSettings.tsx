import { Workflow } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { usePermissions } from "@/lib/permissions";
import { Badge } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { EmptyState } from "@/ui/EmptyState";
import { Input } from "@/ui/Input";
import { Skeleton } from "@/ui/Skeleton";
import { type Pipeline, useCreatePipeline, useDeletePipeline, usePipelines, useUpdatePipeline } from "../api/pipelinesApi";
import { StageList } from "./StageList";

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

// A new pipeline starts with the usual stages, so it is usable at once; edit them below.
const STARTER_STAGES = [
  { name: "Qualification", kind: "open" as const, probability: 10, rotting_days: null },
  { name: "Proposal", kind: "open" as const, probability: 50, rotting_days: null },
  { name: "Won", kind: "won" as const, probability: 100, rotting_days: null },
  { name: "Lost", kind: "lost" as const, probability: 0, rotting_days: null },
];

/** Pipelines and their stages: create, rename, make default, delete; stages edited in place. */
export function PipelinesSettings() {
  const { can } = usePermissions();
  const pipelines = usePipelines();
  const create = useCreatePipeline();
  const update = useUpdatePipeline();
  const remove = useDeletePipeline();
  const [name, setName] = useState("");

  if (pipelines.isError) throw pipelines.error;
  const run = async (work: Promise<unknown>, done: string) => {
    try {
      await work;
      toast.success(done);
      return true;
    } catch (error) {
      toast.error(errorText(error));
      return false;
    }
  };
  const onCreate = async (e: React.FormEvent) => {
    e.preventDefault();
    if (name.trim() && (await run(create.mutateAsync({ name: name.trim(), stages: STARTER_STAGES }), `Pipeline “${name.trim()}” is created.`)))
      setName("");
  };
  const onDelete = (p: Pipeline) =>
    window.confirm(`Delete the pipeline “${p.name}”? The API refuses while deals are still in it.`) &&
    void run(remove.mutateAsync(p), `“${p.name}” is deleted.`);

  return (
    <section className="flex flex-col gap-6" aria-labelledby="pipelines-title">
      <h2 id="pipelines-title" className="text-lg font-semibold">
        Pipelines & stages
      </h2>
      {can("pipeline", "create") && (
        <form onSubmit={onCreate} className="flex gap-2">
          <Input aria-label="New pipeline name" placeholder="New pipeline, e.g. Renewals" value={name} onChange={(e) => setName(e.target.value)} className="max-w-72" />
          <Button type="submit" loading={create.isPending}>
            Create pipeline
          </Button>
        </form>
      )}
      {!pipelines.data ? (
        <Skeleton className="h-40 w-full" />
      ) : pipelines.data.length === 0 ? (
        <EmptyState icon={Workflow} title="No pipeline yet">
          A pipeline is the road a deal travels, stage by stage, to won or lost. Create one to start adding deals.
        </EmptyState>
      ) : (
        pipelines.data.map((p) => (
          <div key={p.id} className="flex flex-col gap-3 rounded-lg border border-border p-4">
            <div className="flex flex-wrap items-center gap-2">
              <Input
                aria-label={`Name of pipeline ${p.name}`}
                defaultValue={p.name}
                disabled={!can("pipeline", "update")}
                onBlur={(e) => {
                  const next = e.target.value.trim();
                  if (next && next !== p.name) void run(update.mutateAsync({ pipeline: p, body: { name: next } }), "Pipeline renamed.");
                }}
                className="max-w-72 font-medium"
              />
              <span className="text-sm text-muted-fg">{p.currency}</span>
              {p.is_default ? (
                <Badge tone="accent">Default</Badge>
              ) : (
                can("pipeline", "update") && (
                  <Button variant="ghost" size="sm" onClick={() => run(update.mutateAsync({ pipeline: p, body: { is_default: true } }), `“${p.name}” is the default now.`)}>
                    Make default
                  </Button>
                )
              )}
              <span className="flex-1" />
              {can("pipeline", "delete") && (
                <Button variant="ghost" size="sm" onClick={() => onDelete(p)}>
                  Delete
                </Button>
              )}
            </div>
            <StageList pipeline={p} editable={can("pipeline", "update")} />
          </div>
        ))
      )}
    </section>
  );
}

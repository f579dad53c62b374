import { DndContext, type DragEndEvent, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors } from "@dnd-kit/core";
import { SortableContext, arrayMove, sortableKeyboardCoordinates, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/ui/Button";
import { Input } from "@/ui/Input";
import { type Pipeline, useCreateStage, useReorderStages } from "../api/pipelinesApi";
import { StageRow } from "./StageRow";

export interface StageListProps {
  pipeline: Pipeline;
  editable: boolean;
}

/** The stages of a pipeline, dragged (mouse or keyboard) into order; a new stage is added at the end. */
export function StageList({ pipeline, editable }: StageListProps) {
  const reorder = useReorderStages();
  const create = useCreateStage();
  const [name, setName] = useState("");
  const sensors = useSensors(useSensor(PointerSensor), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const ids = pipeline.stages.map((s) => s.id);

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const stage_ids = arrayMove(ids, ids.indexOf(String(active.id)), ids.indexOf(String(over.id)));
    reorder.mutate(
      { pipeline_id: pipeline.id, stage_ids },
      { onError: (error) => toast.error(`The order is restored: ${error.message}`) },
    );
  };
  const onAdd = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    try {
      // Added before the won/lost stages would be natural, but the API decides; drag it where it belongs.
      await create.mutateAsync({ pipeline_id: pipeline.id, body: { name: name.trim(), kind: "open", probability: 50, rotting_days: null } });
      toast.success(`Stage “${name.trim()}” is added.`);
      setName("");
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <div className="flex flex-col gap-2">
      <div className="grid grid-cols-[2rem_1fr_7rem_6rem_7rem_2.5rem] gap-2 px-1 text-xs text-muted-fg">
        <span />
        <span>Stage</span>
        <span>Kind</span>
        <span>Probability %</span>
        <span>Rotting after (days)</span>
        <span />
      </div>
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={ids} strategy={verticalListSortingStrategy}>
          <ol className="flex flex-col gap-1">
            {pipeline.stages.map((stage) => (
              <StageRow key={stage.id} stage={stage} editable={editable} />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      {editable && (
        <form onSubmit={onAdd} className="flex gap-2">
          <Input aria-label={`New stage of ${pipeline.name}`} placeholder="New stage, e.g. Negotiation" value={name} onChange={(e) => setName(e.target.value)} className="max-w-72" />
          <Button type="submit" variant="secondary" loading={create.isPending}>
            Add stage
          </Button>
        </form>
      )}
    </div>
  );
}

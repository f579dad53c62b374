import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { GripVertical, Trash2 } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/ui/Button";
import { Input } from "@/ui/Input";
import { Select } from "@/ui/Select";
import { type Stage, type StageUpdateBody, useDeleteStage, useUpdateStage } from "../api/pipelinesApi";

export interface StageRowProps {
  stage: Stage;
  editable: boolean;
}

/** One stage: drag handle, name, kind, probability and rotting days, each saved when it changes. */
export function StageRow({ stage, editable }: StageRowProps) {
  const sortable = useSortable({ id: stage.id, disabled: !editable });
  const update = useUpdateStage();
  const remove = useDeleteStage();
  const save = async (body: StageUpdateBody) => {
    try {
      await update.mutateAsync({ stage, body });
      toast.success(`Stage “${body.name ?? stage.name}” is saved.`);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    }
  };
  const onNumber = (key: "probability" | "rotting_days", raw: string) => {
    const value = raw.trim() === "" ? null : Number(raw);
    if (key === "probability" && (value === null || value === stage.probability)) return;
    if (value !== stage[key]) void save({ [key]: value });
  };

  return (
    <li
      ref={sortable.setNodeRef}
      style={{ transform: CSS.Transform.toString(sortable.transform), transition: sortable.transition }}
      className="grid grid-cols-[2rem_1fr_7rem_6rem_7rem_2.5rem] items-center gap-2 rounded-md bg-bg p-1 data-[dragging=true]:shadow-lg"
      data-dragging={sortable.isDragging}
    >
      <button
        type="button"
        aria-label={`Move stage ${stage.name}`}
        disabled={!editable}
        className="grid h-8 w-8 cursor-grab place-items-center rounded hover:bg-muted disabled:cursor-default disabled:opacity-30"
        {...sortable.attributes}
        {...sortable.listeners}
      >
        <GripVertical className="h-4 w-4" aria-hidden />
      </button>
      <Input
        aria-label={`Name of stage ${stage.name}`}
        defaultValue={stage.name}
        disabled={!editable}
        onBlur={(e) => e.target.value.trim() && e.target.value.trim() !== stage.name && save({ name: e.target.value.trim() })}
      />
      <Select aria-label={`Kind of stage ${stage.name}`} value={stage.kind} disabled={!editable} onChange={(e) => save({ kind: e.target.value as Stage["kind"] })}>
        <option value="open">Open</option>
        <option value="won">Won</option>
        <option value="lost">Lost</option>
      </Select>
      <Input
        aria-label={`Probability of stage ${stage.name}`}
        type="number"
        min={0}
        max={100}
        defaultValue={stage.probability}
        disabled={!editable}
        onBlur={(e) => onNumber("probability", e.target.value)}
      />
      <Input
        aria-label={`Rotting days of stage ${stage.name}`}
        type="number"
        min={1}
        placeholder="never"
        defaultValue={stage.rotting_days ?? ""}
        disabled={!editable}
        onBlur={(e) => onNumber("rotting_days", e.target.value)}
      />
      {editable ? (
        <Button
          variant="ghost"
          size="icon"
          aria-label={`Delete stage ${stage.name}`}
          onClick={async () => {
            if (!window.confirm(`Delete the stage “${stage.name}”? The API refuses while deals are in it.`)) return;
            try {
              await remove.mutateAsync(stage);
              toast.success(`Stage “${stage.name}” is deleted.`);
            } catch (error) {
              toast.error(error instanceof Error ? error.message : String(error));
            }
          }}
        >
          <Trash2 className="h-4 w-4" aria-hidden />
        </Button>
      ) : (
        <span />
      )}
    </li>
  );
}

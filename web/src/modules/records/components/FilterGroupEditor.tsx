import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/ui/Button";
import { type FilterCondition, type FilterGroup, OPS_BY_TYPE, OP_LABELS, isGroup } from "../utils/filterParams";
import type { FilterFieldDef } from "../utils/kinds";

const SELECT = "h-8 rounded-md border border-input bg-bg px-2 text-sm focus-visible:outline-2 focus-visible:outline-accent";

export interface FilterGroupEditorProps {
  group: FilterGroup;
  fields: FilterFieldDef[];
  onChange: (group: FilterGroup) => void;
  onRemove?: () => void;
  depth?: number;
}

/** One AND/OR group: its conditions and nested groups, edited in place. */
export function FilterGroupEditor({ group, fields, onChange, onRemove, depth = 0 }: FilterGroupEditorProps) {
  const first = fields[0];
  const setAt = (index: number, node: FilterCondition | FilterGroup) =>
    onChange({ ...group, conditions: group.conditions.map((c, i) => (i === index ? node : c)) });
  const removeAt = (index: number) => onChange({ ...group, conditions: group.conditions.filter((_, i) => i !== index) });
  const addCondition = () =>
    first && onChange({ ...group, conditions: [...group.conditions, { field: first.name, op: OPS_BY_TYPE[first.type][0]!, value: "" }] });
  const addGroup = () => onChange({ ...group, conditions: [...group.conditions, { op: group.op === "and" ? "or" : "and", conditions: [] }] });

  return (
    <fieldset className="flex flex-col gap-2 rounded-md border border-border p-3" data-testid={`filter-group-${depth}`}>
      <legend className="flex items-center gap-2 px-1 text-xs text-muted-fg">
        <label className="flex items-center gap-1">
          Match
          <select aria-label="Match all or any" className={SELECT} value={group.op} onChange={(e) => onChange({ ...group, op: e.target.value as "and" | "or" })}>
            <option value="and">all (AND)</option>
            <option value="or">any (OR)</option>
          </select>
          of these
        </label>
        {onRemove && (
          <Button variant="ghost" size="icon" aria-label="Remove group" onClick={onRemove}>
            <Trash2 className="h-4 w-4" aria-hidden />
          </Button>
        )}
      </legend>
      {group.conditions.map((node, index) =>
        isGroup(node) ? (
          <FilterGroupEditor key={index} group={node} fields={fields} depth={depth + 1} onChange={(g) => setAt(index, g)} onRemove={() => removeAt(index)} />
        ) : (
          <ConditionRow key={index} condition={node} fields={fields} onChange={(c) => setAt(index, c)} onRemove={() => removeAt(index)} />
        ),
      )}
      <div className="flex gap-2">
        <Button variant="ghost" size="sm" onClick={addCondition}>
          <Plus className="h-4 w-4" aria-hidden /> Condition
        </Button>
        {depth < 3 && (
          <Button variant="ghost" size="sm" onClick={addGroup}>
            <Plus className="h-4 w-4" aria-hidden /> Group
          </Button>
        )}
      </div>
    </fieldset>
  );
}

interface ConditionRowProps {
  condition: FilterCondition;
  fields: FilterFieldDef[];
  onChange: (condition: FilterCondition) => void;
  onRemove: () => void;
}

function ConditionRow({ condition, fields, onChange, onRemove }: ConditionRowProps) {
  const field = fields.find((f) => f.name === condition.field) ?? fields[0];
  const ops = field ? OPS_BY_TYPE[field.type] : [];
  const multi = condition.op === "in" || condition.op === "nin";
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="filter-condition">
      <select
        aria-label="Field"
        className={SELECT}
        value={condition.field}
        onChange={(e) => {
          const next = fields.find((f) => f.name === e.target.value);
          const op = next && OPS_BY_TYPE[next.type].includes(condition.op) ? condition.op : (next ? OPS_BY_TYPE[next.type][0]! : condition.op);
          onChange({ field: e.target.value, op, value: "" });
        }}
      >
        {fields.map((f) => (
          <option key={f.name} value={f.name}>
            {f.label}
          </option>
        ))}
      </select>
      <select aria-label="Operator" className={SELECT} value={condition.op} onChange={(e) => onChange({ ...condition, op: e.target.value as FilterCondition["op"] })}>
        {ops.map((op) => (
          <option key={op} value={op}>
            {OP_LABELS[op]}
          </option>
        ))}
      </select>
      {condition.op === "isnull" ? (
        <select aria-label="Value" className={SELECT} value={condition.value || "true"} onChange={(e) => onChange({ ...condition, value: e.target.value })}>
          <option value="true">yes</option>
          <option value="false">no</option>
        </select>
      ) : field?.choices && !multi ? (
        <select aria-label="Value" className={SELECT} value={condition.value} onChange={(e) => onChange({ ...condition, value: e.target.value })}>
          <option value="">Choose…</option>
          {field.choices.map((choice, i) => (
            <option key={choice} value={choice}>
              {field.choiceLabels?.[i] ?? choice}
            </option>
          ))}
        </select>
      ) : (
        <input
          aria-label="Value"
          className={`${SELECT} w-48`}
          type={!multi && condition.op !== "between" && (field?.type === "number") ? "number" : !multi && field?.type === "date" ? "date" : "text"}
          placeholder={multi || condition.op === "between" ? "comma, separated" : field?.type === "datetime" ? "2026-01-31T00:00:00Z" : "value"}
          value={condition.value}
          onChange={(e) => onChange({ ...condition, value: e.target.value })}
        />
      )}
      <Button variant="ghost" size="icon" aria-label="Remove condition" onClick={onRemove}>
        <Trash2 className="h-4 w-4" aria-hidden />
      </Button>
    </div>
  );
}

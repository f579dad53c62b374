import type { UseFormRegister } from "react-hook-form";
import { Input } from "@/ui/Input";
import type { CustomField, Pipeline } from "../api/recordPagesApi";
import type { FieldDef, FormValues } from "../utils/recordFields";

const control = "w-full rounded-md border border-input bg-bg px-3 text-sm aria-[invalid=true]:border-danger";

export interface FieldInputProps {
  name: string;
  register: UseFormRegister<FormValues>;
  /** A standard field, or a custom field definition. */
  field: { standard: FieldDef } | { custom: CustomField };
  pipelines?: readonly Pipeline[];
  id?: string;
}

/** The control for one field, chosen by its type (Field gives it its id and ARIA wiring). */
export function FieldInput({ name, register, field, pipelines = [], ...aria }: FieldInputProps) {
  const props = { ...aria, ...register(name) };
  if ("standard" in field) {
    const def = field.standard;
    if (def.input === "textarea") return <textarea rows={3} className={`${control} py-2`} {...props} />;
    if (def.input === "select" || def.input === "stage") {
      return (
        <select className={`${control} h-9`} {...props}>
          {def.input === "select" && <option value="">—</option>}
          {def.input === "stage"
            ? pipelines.map((pipeline) => (
                <optgroup key={pipeline.id} label={pipeline.name}>
                  {pipeline.stages.map((stage) => (
                    <option key={stage.id} value={stage.id}>
                      {stage.name}
                    </option>
                  ))}
                </optgroup>
              ))
            : def.options?.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
        </select>
      );
    }
    const type = def.input === "number" ? "text" : def.input;
    return <Input type={type} inputMode={def.input === "number" ? "decimal" : undefined} {...props} />;
  }
  const def = field.custom;
  switch (def.type) {
    case "long_text":
      return <textarea rows={3} className={`${control} py-2`} {...props} />;
    case "boolean":
      return <input type="checkbox" className="h-4 w-4 self-start" {...props} />;
    case "select":
    case "multi_select":
      return (
        <select multiple={def.type === "multi_select"} className={`${control} ${def.type === "select" ? "h-9" : "py-1"}`} {...props}>
          {def.type === "select" && <option value="">—</option>}
          {def.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      );
    case "number":
    case "money":
      return <Input inputMode="decimal" {...props} />;
    case "date":
      return <Input type="date" {...props} />;
    case "datetime":
      return <Input type="datetime-local" {...props} />;
    case "url":
    case "email":
      return <Input type={def.type} {...props} />;
    case "phone":
      return <Input type="tel" {...props} />;
    default:
      // "text", and "user" (a member id) until a member picker exists.
      return <Input {...props} />;
  }
}

import { useMemo } from "react";
import { type CustomField, useCustomFields, useTags } from "../api/recordsApi";
import type { FieldType, FilterFieldDef, KindConfig } from "../utils/kinds";

const CUSTOM_TYPES: Record<CustomField["type"], FieldType> = {
  text: "text",
  long_text: "text",
  url: "text",
  email: "text",
  phone: "text",
  number: "number",
  money: "number",
  date: "date",
  datetime: "datetime",
  boolean: "bool",
  select: "choice",
  multi_select: "choice",
  user: "equality",
};

function customField(field: CustomField): FilterFieldDef {
  const type = CUSTOM_TYPES[field.type];
  return {
    name: `custom.${field.key}`,
    label: field.label,
    type,
    ...(type === "choice" ? { choices: field.options.map((o) => o.value), choiceLabels: field.options.map((o) => o.label) } : {}),
    ...(type === "bool" ? { choices: ["true", "false"] } : {}),
  };
}

/** Everything the builder can filter a kind by: its built-in fields, its custom fields, and tags. */
export function useFilterFields(config: KindConfig): FilterFieldDef[] {
  const custom = useCustomFields(config.kind);
  const tags = useTags();
  return useMemo(() => {
    const fields = [...config.filters, ...(custom.data ?? []).map(customField)];
    if (tags.data && tags.data.length > 0) {
      fields.push({ name: "tag", label: "Tag", type: "tag", choices: tags.data.map((t) => t.id), choiceLabels: tags.data.map((t) => t.name) });
    }
    return fields;
  }, [config.filters, custom.data, tags.data]);
}

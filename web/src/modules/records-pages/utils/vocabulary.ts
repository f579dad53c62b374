import type { CustomField, Pipeline, RecordKind } from "../api/recordPagesApi";
import { FIELDS } from "./recordFields";
import { type Vocabulary, plainValue } from "./timelineText";

// Fields the events name by id or column that have no edit input here.
const EXTRA_LABELS: Record<string, string> = {
  pipeline_id: "pipeline",
  stage_id: "stage",
  owner_id: "owner",
  company_id: "company",
  status: "status",
  closed_at: "closed at",
  position: "position",
  tags: "tags",
};

/** Names fields and values for the timeline's sentences: labels in lower case, stage ids as names. */
export function vocabulary(kind: RecordKind, customFields: readonly CustomField[], pipelines: readonly Pipeline[]): Vocabulary {
  const labels = new Map<string, string>(Object.entries(EXTRA_LABELS));
  for (const field of FIELDS[kind]) labels.set(field.key, field.label.toLowerCase());
  for (const field of customFields) labels.set(`custom.${field.key}`, field.label);
  const names = new Map<string, string>();
  for (const pipeline of pipelines) {
    names.set(`pipeline_id:${pipeline.id}`, pipeline.name);
    for (const stage of pipeline.stages) names.set(`stage_id:${stage.id}`, stage.name);
  }
  const options = new Map<string, string>();
  for (const field of customFields) for (const o of field.options) options.set(`custom.${field.key}:${o.value}`, o.label);
  return {
    label: (field) => labels.get(field) ?? field.replaceAll("_", " "),
    value: (field, value) => {
      const key = `${field}:${plainValue(value)}`;
      return names.get(key) ?? options.get(key) ?? plainValue(value);
    },
  };
}

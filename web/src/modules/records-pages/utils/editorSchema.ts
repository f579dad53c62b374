import { z } from "zod";
import type { CustomField } from "../api/recordPagesApi";
import { type FieldDef, customName } from "./recordFields";

const NUMBER = /^-?\d+(\.\d+)?$/;
const numberText = z
  .string()
  .trim()
  .refine((v) => v === "" || NUMBER.test(v), "A number, like 1200 or 12.5.");

/** The client-side checks of the edit form; the API checks again and its 422s land on fields. */
export function editorSchema(fields: readonly FieldDef[], customFields: readonly CustomField[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const field of fields) {
    if (field.required) shape[field.key] = z.string().trim().min(1, `${field.label} cannot be empty.`);
    else if (field.input === "number") shape[field.key] = numberText;
  }
  for (const field of customFields) {
    const name = customName(field.key);
    if (field.type === "number" || field.type === "money") shape[name] = numberText;
    if (field.required && field.type !== "boolean") {
      const base: z.ZodType = shape[name] ?? z.unknown();
      shape[name] = base.refine(
        (v: unknown) => (Array.isArray(v) ? v.length > 0 : v !== "" && v != null),
        `${field.label} is required.`,
      );
    }
  }
  return z.looseObject(shape);
}

import { type ReactElement, cloneElement, useId } from "react";
import { Label } from "./Label";

export interface FieldProps {
  label: string;
  error?: string;
  hint?: string;
  /** One control; the field gives it its id and ARIA wiring. */
  children: ReactElement<Record<string, unknown>>;
}

/** A labelled control with its hint and error message, wired for screen readers. */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const messageId = `${id}-message`;
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {cloneElement(children, {
        id,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": error || hint ? messageId : undefined,
      })}
      {error ? (
        <p id={messageId} role="alert" className="text-xs text-danger">
          {error}
        </p>
      ) : hint ? (
        <p id={messageId} className="text-xs text-muted-fg">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

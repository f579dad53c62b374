import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
import { applyFieldErrors } from "@/lib/errors";
import { canGrant, usePermissions } from "@/lib/permissions";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { Field } from "@/ui/Field";
import { Input } from "@/ui/Input";
import { Select } from "@/ui/Select";
import { type ApiKeyCreated, useCreateApiKey } from "../api/apiKeysApi";
import type { Role } from "../api/orgApi";
import { ApiKeySecret } from "./ApiKeySecret";

export const ROLES: Role[] = ["owner", "admin", "manager", "sales", "support", "viewer"];

const schema = z.object({
  name: z.string().trim().min(1, "Name the key after what uses it, e.g. “Zapier”.").max(120),
  role: z.enum(ROLES as [Role, ...Role[]]),
  expires_on: z.string(),
});
type Values = z.infer<typeof schema>;
// An expiry the API refuses is toasted: the form shows a date, the API names `expires_at`.
const FIELDS = ["name", "role"] as const;

export interface ApiKeyCreateProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** "New API key": a role no higher than yours, an optional expiry; then the secret, once. */
export function ApiKeyCreate({ open, onOpenChange }: ApiKeyCreateProps) {
  const { role: myRole } = usePermissions();
  const create = useCreateApiKey();
  // Held only while this dialog is open: closing forgets the secret for good.
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const grantable = ROLES.filter((role) => canGrant(myRole, role));
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { name: "", role: "viewer", expires_on: "" } });

  const close = (next: boolean) => {
    if (next) return onOpenChange(true);
    setCreated(null);
    form.reset();
    onOpenChange(false);
  };

  const onSubmit = form.handleSubmit(async ({ name, role, expires_on }) => {
    try {
      // The key stops working at the end of the chosen day, in your time zone.
      const expires_at = expires_on ? new Date(`${expires_on}T23:59:59`).toISOString() : null;
      setCreated(await create.mutateAsync({ name, role, expires_at }));
    } catch (error) {
      for (const message of applyFieldErrors(error, form.setError, FIELDS)) toast.error(message);
    }
  });

  const { errors } = form.formState;
  return (
    <Dialog open={open} onOpenChange={close} title={created ? `API key “${created.name}” is ready` : "New API key"}>
      {created ? (
        <ApiKeySecret created={created} onDone={() => close(false)} />
      ) : (
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <Field label="Name" error={errors.name?.message}>
            <Input autoFocus {...form.register("name")} />
          </Field>
          <Field label="Role" error={errors.role?.message} hint="The key can do what this role can; at most your own role.">
            <Select {...form.register("role")}>
              {grantable.map((role) => (
                <option key={role} value={role}>
                  {role}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Expires on (optional)" error={errors.expires_on?.message} hint="Leave empty for a key that never expires.">
            <Input type="date" {...form.register("expires_on")} />
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => close(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={form.formState.isSubmitting}>
              Create key
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

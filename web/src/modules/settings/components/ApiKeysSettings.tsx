import { KeyRound, Plus } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { usePermissions } from "@/lib/permissions";
import { Badge } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { EmptyState } from "@/ui/EmptyState";
import { Skeleton } from "@/ui/Skeleton";
import { type ApiKey, useApiKeys, useRevokeApiKey } from "../api/apiKeysApi";
import { ApiKeyCreate } from "./ApiKeyCreate";
import { formatDate } from "./formatDate";

/** API keys of the organization: create (secret shown once), see last use, revoke. */
export function ApiKeysSettings() {
  const { can } = usePermissions();
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [creating, setCreating] = useState(false);

  if (keys.isError) throw keys.error;
  const onRevoke = async (key: ApiKey) => {
    if (!window.confirm(`Revoke “${key.name}”? Anything using it stops working at once.`)) return;
    try {
      await revoke.mutateAsync(key);
      toast.success(`${key.name} is revoked.`);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <section className="flex flex-col gap-4" aria-labelledby="api-keys-title">
      <div className="flex items-center justify-between">
        <h2 id="api-keys-title" className="text-lg font-semibold">
          API keys
        </h2>
        {can("api_key", "create") && (
          <Button onClick={() => setCreating(true)}>
            <Plus className="h-4 w-4" aria-hidden /> New API key
          </Button>
        )}
      </div>
      {!keys.data ? (
        <Skeleton className="h-24 w-full" />
      ) : keys.data.length === 0 ? (
        <EmptyState icon={KeyRound} title="No API keys yet">
          An API key lets a script or another tool use Heron's API with the role you give it. Create one per tool, so
          you can revoke one without breaking the others.
        </EmptyState>
      ) : (
        <table className="w-full text-sm">
          <thead className="text-left text-muted-fg">
            <tr>
              <th className="py-2">Name</th>
              <th>Prefix</th>
              <th>Role</th>
              <th>Last used</th>
              <th>Expires</th>
              <th>Status</th>
              <th className="sr-only">Actions</th>
            </tr>
          </thead>
          <tbody>
            {keys.data.map((key) => (
              <tr key={key.id} className="border-t border-border">
                <td className="py-2 font-medium">{key.name}</td>
                <td className="font-mono">{key.prefix}…</td>
                <td>{key.role}</td>
                <td>{key.last_used_at ? formatDate(key.last_used_at) : "Never"}</td>
                <td>{key.expires_at ? formatDate(key.expires_at) : "Never"}</td>
                <td>
                  <Badge tone={key.status === "active" ? "accent" : "neutral"}>{key.status}</Badge>
                </td>
                <td className="text-right">
                  {key.status === "active" && can("api_key", "delete") && (
                    <Button variant="ghost" size="sm" onClick={() => onRevoke(key)}>
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ApiKeyCreate open={creating} onOpenChange={setCreating} />
    </section>
  );
}

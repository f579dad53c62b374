import { Check, Copy, KeyRound } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/ui/Button";
import type { ApiKeyCreated } from "../api/apiKeysApi";

export interface ApiKeySecretProps {
  created: ApiKeyCreated;
  onDone: () => void;
}

/** The new key's secret, shown this once: the server keeps only its hash. */
export function ApiKeySecret({ created, onDone }: ApiKeySecretProps) {
  const [copied, setCopied] = useState(false);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopied(true);
      toast.success("The key is copied.");
    } catch {
      toast.error("Your browser refused to copy: select the key and copy it by hand.");
    }
  };

  return (
    <div className="flex flex-col gap-4">
      <p className="flex items-start gap-2 rounded-md border border-border bg-muted p-3 text-sm">
        <KeyRound className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
        Copy this key now and keep it somewhere safe. It will not be shown again: if you lose it, revoke it and
        create another.
      </p>
      <div className="flex items-center gap-2">
        <code
          data-testid="api-key-secret"
          className="min-w-0 flex-1 select-all break-all rounded-md border border-border px-3 py-2 font-mono text-sm"
        >
          {created.secret}
        </code>
        <Button variant="secondary" onClick={copy} aria-label="Copy the key">
          {copied ? <Check className="h-4 w-4" aria-hidden /> : <Copy className="h-4 w-4" aria-hidden />}
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <div className="flex justify-end">
        <Button onClick={onDone}>I have stored it</Button>
      </div>
    </div>
  );
}

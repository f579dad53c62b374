import { toast } from "sonner";
import { ApiError } from "@/lib/errors";
import { Label } from "@/ui/Label";
import { Select } from "@/ui/Select";
import { type DataImport, type ImportUpdate, useUpdateImport } from "../api/importsApi";
import { MATCH_CHOICES } from "../utils/importLabels";

export interface ImportMappingProps {
  item: DataImport;
  disabled: boolean;
}

/** Step 2: each column's target (a field, a custom field, tags, owner or ignore), and the options. */
export function ImportMapping({ item, disabled }: ImportMappingProps) {
  const update = useUpdateImport(item.id);
  const headers = item.source.headers;
  const custom = item.targets.filter((t) => t.key.startsWith("custom:"));

  async function save(body: ImportUpdate) {
    try {
      await update.mutateAsync(body);
    } catch (error) {
      toast.error(error instanceof ApiError ? (error.details[0]?.msg ?? error.message) : String(error));
    }
  }

  function setTarget(index: number, target: string) {
    const mapping = [...item.mapping];
    mapping[index] = target;
    void save({ mapping });
  }

  const option = (name: keyof ImportUpdate, label: string, choices: [string, string][], value: string | null) => (
    <div className="flex flex-col gap-1">
      <Label htmlFor={`import-${name}`}>{label}</Label>
      <Select id={`import-${name}`} value={value ?? ""} disabled={disabled} onChange={(e) => void save({ [name]: e.target.value || null })}>
        {choices.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </Select>
    </div>
  );

  return (
    <div className="flex flex-col gap-4">
      <div className="overflow-x-auto rounded-lg border border-border">
        <table className="w-full text-sm">
          <thead className="bg-muted text-left">
            <tr>
              <th className="px-3 py-2 font-medium">Column</th>
              <th className="px-3 py-2 font-medium">First values</th>
              <th className="px-3 py-2 font-medium">Goes to</th>
            </tr>
          </thead>
          <tbody>
            {headers.map((header, index) => (
              <tr key={header} className="border-t border-border">
                <td className="px-3 py-2 font-medium">{header}</td>
                <td className="max-w-xs truncate px-3 py-2 text-muted-fg">
                  {item.preview.slice(0, 3).map((row) => row[index]).filter(Boolean).join(" · ")}
                </td>
                <td className="px-3 py-2">
                  <Select aria-label={`Target of ${header}`} value={item.mapping[index]} disabled={disabled} onChange={(e) => setTarget(index, e.target.value)}>
                    {item.targets.map((t) => (
                      <option key={t.key} value={t.key}>
                        {t.label}
                      </option>
                    ))}
                  </Select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        {option("mode", "Mode", [["upsert", "Create or update"], ["create", "Create only"], ["update", "Update only"]], item.options.mode)}
        {option("match_on", "Match rows on", [...MATCH_CHOICES[item.kind], ...custom.map((t): [string, string] => [t.key, `${t.label} (custom field)`]), ["", "Nothing (always create)"]], item.options.match_on)}
        {option("on_error", "Bad rows", [["abort", "Import nothing (all or nothing)"], ["skip", "Skip them, import the rest"]], item.options.on_error)}
        {item.kind === "contact" && option("companies", "Company column", [["match_or_create", "Match, or create once"], ["match", "Match existing only"], ["none", "Ignore"]], item.options.companies)}
        {option("date_order", "Dates like 01/02/2026", [["DMY", "Day first (DD/MM/YYYY)"], ["MDY", "Month first (MM/DD/YYYY)"], ["YMD", "Year first"]], item.options.date_order)}
        {option("decimal_separator", "Decimal separator", [[".", "1,234.50"], [",", "1.234,50"]], item.options.decimal_separator)}
      </div>
    </div>
  );
}

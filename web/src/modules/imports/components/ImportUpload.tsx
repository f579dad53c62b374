import { useNavigate } from "@tanstack/react-router";
import { Upload } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { ApiError } from "@/lib/errors";
import { Button } from "@/ui/Button";
import { Card } from "@/ui/Card";
import { type ImportKind, useUploadImport } from "../api/importsApi";
import { KIND_PLURAL } from "../utils/importLabels";

export interface ImportUploadProps {
  kind: ImportKind;
}

/** Step 1: choose a CSV, XLSX or vCard file; the server sniffs it and maps its columns. */
export function ImportUpload({ kind }: ImportUploadProps) {
  const navigate = useNavigate();
  const upload = useUploadImport();
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function send() {
    if (!file) return;
    setProblem(null);
    try {
      const created = await upload.mutateAsync({ file, kind });
      toast.success(`${created.filename} is read: check how its columns are mapped.`);
      await navigate({ to: "/imports/$id", params: { id: created.id } });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 422 || error.status === 413)) {
        setProblem(error.details[0]?.msg ?? error.message);
      } else {
        toast.error(error instanceof Error ? error.message : String(error));
      }
    }
  }

  return (
    <Card className="flex flex-col gap-4">
      <p className="text-sm text-muted-fg">
        A CSV (comma, semicolon or tab), an Excel workbook (.xlsx) or a vCard file of {KIND_PLURAL[kind]}. Exports of other
        CRMs work as they are: their columns are recognised by name.
      </p>
      <label htmlFor="import-file" className="flex cursor-pointer flex-col items-center gap-2 rounded-lg border border-dashed border-border px-6 py-10 text-center focus-within:ring-2 focus-within:ring-accent">
        <Upload className="h-6 w-6 text-muted-fg" aria-hidden />
        <span className="text-sm font-medium">{file ? file.name : "Choose a file"}</span>
        <input
          id="import-file"
          type="file"
          accept=".csv,.tsv,.txt,.xlsx,.vcf,text/csv"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? "import-file-problem" : undefined}
          className="sr-only"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </label>
      {problem && (
        <p id="import-file-problem" role="alert" className="text-sm text-danger">
          {problem}
        </p>
      )}
      <div className="flex justify-end">
        <Button onClick={() => void send()} disabled={!file || upload.isPending}>
          {upload.isPending ? "Reading…" : "Upload and preview"}
        </Button>
      </div>
    </Card>
  );
}

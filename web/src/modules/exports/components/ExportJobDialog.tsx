import { Download } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { JobProgress } from "@/modules/jobs/components/JobProgress";
import { useJobProgress } from "@/modules/jobs/hooks/useJobProgress";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { openExport } from "../api/exportsApi";

export interface ExportJobDialogProps {
  jobId: string | null;
  title: string;
  onClose: () => void;
}

/** A running export: its live progress bar, then the button that downloads the file. */
export function ExportJobDialog({ jobId, title, onClose }: ExportJobDialogProps) {
  const progress = useJobProgress(jobId);
  const [opening, setOpening] = useState(false);
  const done = progress.job?.state === "succeeded";

  const download = async () => {
    if (!jobId) return;
    setOpening(true);
    try {
      await openExport(jobId);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    } finally {
      setOpening(false);
    }
  };

  return (
    <Dialog
      open={jobId !== null}
      onOpenChange={(open) => !open && onClose()}
      title={title}
      description="Large exports are prepared in the background; you may close this and find the file under Settings, Jobs."
    >
      <div className="flex flex-col gap-4">
        {jobId && <JobProgress jobId={jobId} label="Preparing the file" />}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Close
          </Button>
          <Button onClick={() => void download()} disabled={!done || opening}>
            <Download className="h-4 w-4" aria-hidden /> Download
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

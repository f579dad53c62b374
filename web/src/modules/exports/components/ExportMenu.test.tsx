import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "@/lib/errors";
import { KINDS } from "@/modules/records/utils/kinds";
import { ExportMenu } from "./ExportMenu";

const downloadList = vi.fn();
const startListExport = vi.fn();
let allowed = true;

vi.mock("../api/exportsApi", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../api/exportsApi")>()),
  downloadList: (...args: unknown[]) => downloadList(...args),
  startListExport: (...args: unknown[]) => startListExport(...args),
}));
vi.mock("./ExportJobDialog", () => ({
  ExportJobDialog: ({ jobId }: { jobId: string | null }) => (jobId ? <p>job {jobId}</p> : null),
}));
vi.mock("@/lib/permissions", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/permissions")>()),
  usePermissions: () => ({ can: () => allowed }),
}));

function renderMenu(total: number) {
  return render(
    <QueryClientProvider client={new QueryClient()}>
      <ExportMenu
        config={KINDS.deals}
        params={{ q: "renewal", filters: { "filter[status][eq]": "open" } }}
        columns={["name", "amount"]}
        total={total}
        totalKind="exact"
      />
    </QueryClientProvider>,
  );
}

describe("ExportMenu", () => {
  beforeEach(() => {
    allowed = true;
    downloadList.mockReset().mockResolvedValue(undefined);
    startListExport.mockReset().mockResolvedValue({ id: "job-1" });
  });

  it("downloads a small list at once with the visible columns and the list's filters", async () => {
    const user = userEvent.setup();
    renderMenu(12);
    await user.click(screen.getByRole("button", { name: "Export deals" }));
    await user.click(await screen.findByText("Excel (.xlsx)"));

    expect(downloadList).toHaveBeenCalledWith("deals", {
      "filter[status][eq]": "open",
      format: "xlsx",
      columns: "name,amount,currency",
      q: "renewal",
    });
    expect(startListExport).not.toHaveBeenCalled();
  });

  it("runs a large list as a job and shows its progress", async () => {
    const user = userEvent.setup();
    renderMenu(2_000_000);
    await user.click(screen.getByRole("button", { name: "Export deals" }));
    await user.click(await screen.findByText("CSV (.csv)"));

    expect(startListExport).toHaveBeenCalled();
    expect(downloadList).not.toHaveBeenCalled();
    expect(await screen.findByText("job job-1")).toBeInTheDocument();
  });

  it("falls back to a job when the server finds the list too large", async () => {
    downloadList.mockRejectedValue(new ApiError(422, "validation_error", "too many", [{ type: "too_many_rows" }], null));
    const user = userEvent.setup();
    renderMenu(50);
    await user.click(screen.getByRole("button", { name: "Export deals" }));
    await user.click(await screen.findByText("CSV (.csv)"));

    expect(await screen.findByText("job job-1")).toBeInTheDocument();
  });

  it("is hidden from roles that may not export", () => {
    allowed = false;
    renderMenu(5);
    expect(screen.queryByRole("button", { name: "Export deals" })).not.toBeInTheDocument();
  });
});

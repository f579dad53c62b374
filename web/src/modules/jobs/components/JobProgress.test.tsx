import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, renderHook, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Job } from "../api/jobsApi";
import { useJobProgress } from "../hooks/useJobProgress";
import { JobProgress, JobProgressView } from "./JobProgress";

const JOB: Job = {
  id: "0190f7d2-0000-7000-8000-000000000001",
  kind: "import.run",
  state: "running",
  progress_done: 250,
  progress_total: 1000,
  created_by_id: null,
  created_at: "2026-11-21T10:00:00Z",
  started_at: "2026-11-21T10:00:01Z",
  finished_at: null,
  attempts: 1,
  result: null,
  error: null,
};

function sse(...jobs: Job[]): string {
  return jobs.map((job) => `event: job\ndata: ${JSON.stringify(job)}\n\n`).join(": keep-alive\n\n");
}

function streamOf(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      // Two chunks cut mid-event: the reader must join them.
      controller.enqueue(bytes.slice(0, 40));
      controller.enqueue(bytes.slice(40));
      controller.close();
    },
  });
}

afterEach(() => vi.unstubAllGlobals());

describe("JobProgressView", () => {
  it("shows a determinate bar with counts and percent while running", () => {
    render(<JobProgressView job={JOB} percent={25} />);
    const bar = screen.getByRole("progressbar", { name: "Import progress" });
    expect(bar).toHaveAttribute("aria-valuenow", "25");
    expect(screen.getByText("250 of 1,000")).toBeInTheDocument();
    expect(screen.getByText("25%")).toBeInTheDocument();
    expect(screen.getByText("Running")).toBeInTheDocument();
  });

  it("is indeterminate until the total is known", () => {
    render(<JobProgressView job={{ ...JOB, progress_total: null, progress_done: 0 }} percent={null} />);
    expect(screen.getByRole("progressbar")).not.toHaveAttribute("aria-valuenow");
  });

  it("shows why a job failed", () => {
    const failed: Job = { ...JOB, state: "failed", error: { code: "invalid_row", message: "Row 3 has no name." } };
    render(<JobProgressView job={failed} percent={null} />);
    expect(screen.getByRole("alert")).toHaveTextContent("Row 3 has no name.");
    expect(screen.getByText("Failed")).toBeInTheDocument();
  });
});

describe("JobProgress", () => {
  it("follows the job's stream until it finishes", async () => {
    const done: Job = { ...JOB, state: "succeeded", progress_done: 1000, finished_at: "2026-11-21T10:01:00Z" };
    const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if (url.endsWith("/stream")) {
        return new Response(streamOf(sse({ ...JOB, progress_done: 500 }, done)), {
          headers: { "content-type": "text/event-stream" },
        });
      }
      return Response.json({ success: true, data: JOB, meta: null, error: null });
    });
    vi.stubGlobal("fetch", fetchMock);

    render(
      <QueryClientProvider client={new QueryClient()}>
        <JobProgress jobId={JOB.id} />
      </QueryClientProvider>,
    );

    await waitFor(() => expect(screen.getByText("Done")).toBeInTheDocument());
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
    const streamCalls = fetchMock.mock.calls.filter(([input]) => String(input).endsWith("/stream"));
    expect(streamCalls).toHaveLength(1); // finished: not reconnected
  });

  it("counts a job that is gone (purged after its retention) as finished, and follows nothing", async () => {
    const fetchMock = vi.fn(async (_input: RequestInfo | URL) =>
      Response.json(
        { success: false, data: null, meta: null, error: { code: "not_found", message: "No job with this id.", details: [] } },
        { status: 404 },
      ),
    );
    vi.stubGlobal("fetch", fetchMock);
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });

    const { result } = renderHook(() => useJobProgress(JOB.id), {
      wrapper: ({ children }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>,
    });

    await waitFor(() => expect(result.current.finished).toBe(true));
    expect(result.current.job).toBeUndefined();
    expect(fetchMock.mock.calls.filter(([input]) => String(input).endsWith("/stream"))).toHaveLength(0);
  });
});

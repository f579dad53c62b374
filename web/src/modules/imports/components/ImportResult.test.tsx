import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { DataImport } from "../api/importsApi";
import { ImportResult } from "./ImportResult";

const BASE: DataImport = {
  id: "0190f7d2-0000-7000-8000-0000000000aa",
  kind: "contact",
  state: "uploaded",
  filename: "people.csv",
  file_size: 120,
  source: { format: "csv", encoding: "utf-8", delimiter: ",", header_row: 0, sheet: null, headers: ["Email"] },
  preview: [["ada@example.com"]],
  mapping: ["email"],
  options: { mode: "upsert", match_on: "email", companies: "match_or_create", on_error: "abort", date_order: "DMY", decimal_separator: "." },
  targets: [{ key: "email", label: "E-mail", repeatable: false }],
  last_pass: null,
  counts: {},
  problems: [],
  has_error_file: false,
  error: null,
  job_id: null,
  created_by_id: null,
  created_at: "2026-11-21T10:00:00Z",
  started_at: null,
  finished_at: null,
  undone_at: null,
};

describe("ImportResult", () => {
  it("shows nothing before a pass", () => {
    const { container } = render(<ImportResult item={BASE} />);
    expect(container).toBeEmptyDOMElement();
  });

  it("shows a dry run's counts and every problem with its row, column and reason", () => {
    render(
      <ImportResult
        item={{
          ...BASE,
          last_pass: "validate",
          counts: { created: 2, failed: 1, rows: 3 },
          problems: [{ row: 4, column: "Email", value: "not-an-email", reason: "The e-mail address is not valid." }],
          has_error_file: true,
        }}
      />,
    );
    expect(screen.getByRole("heading", { name: "Dry run: nothing was written" })).toBeInTheDocument();
    expect(screen.getByTestId("count-created")).toHaveTextContent("2");
    expect(screen.getByTestId("count-failed")).toHaveTextContent("1");
    const row = screen.getByRole("row", { name: /not-an-email/ });
    expect(within(row).getByText("4")).toBeInTheDocument();
    expect(within(row).getByText("The e-mail address is not valid.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Download the rows not imported (CSV)" })).toBeInTheDocument();
  });

  it("says why a run imported nothing", () => {
    render(<ImportResult item={{ ...BASE, state: "failed", last_pass: "run", error: "1 of 3 rows have problems; nothing was imported." }} />);
    expect(screen.getByRole("alert")).toHaveTextContent("nothing was imported");
    expect(screen.queryByRole("button", { name: /Download/ })).not.toBeInTheDocument();
  });

  it("says what an undo removed and restored, tags included", () => {
    render(
      <ImportResult
        item={{
          ...BASE,
          state: "undone",
          last_pass: "undo",
          counts: { created: 2, updated: 1, undo_removed: 3, undo_restored: 1, undo_tags_removed: 2 },
        }}
      />,
    );
    expect(screen.getByTestId("undo-summary")).toHaveTextContent(
      "The import is undone: 3 records it created removed, 1 record it changed restored, 2 new tags removed.",
    );
  });
});

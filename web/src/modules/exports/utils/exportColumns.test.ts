import { describe, expect, it } from "vitest";
import { exportColumns, exportQuery, fileNameOf, needsJob } from "./exportColumns";

describe("export columns", () => {
  it("are the visible columns, with the currency beside an amount", () => {
    expect(exportColumns(["name", "amount", "stage", "custom.tier"])).toEqual(["name", "amount", "currency", "stage", "custom.tier"]);
  });

  it("carry the list's filters, search, view and sort", () => {
    const query = exportQuery(
      { q: "acme", sort: "-name", view: "v1", filters: { "filter[industry][eq]": "Software" } },
      ["name"],
      "xlsx",
    );
    expect(query).toEqual({ "filter[industry][eq]": "Software", format: "xlsx", columns: "name", q: "acme", sort: "-name", view: "v1" });
  });
});

describe("helpers", () => {
  it("read the file name of an attachment", () => {
    expect(fileNameOf('attachment; filename="contacts-2026-01-31.csv"', "x")).toBe("contacts-2026-01-31.csv");
    expect(fileNameOf(null, "x.csv")).toBe("x.csv");
  });

  it("send large lists to a job", () => {
    expect(needsJob(10, "exact")).toBe(false);
    expect(needsJob(100_001, "exact")).toBe(true);
    expect(needsJob(100_000, "estimate")).toBe(true);
    expect(needsJob(null, "none")).toBe(false);
  });
});

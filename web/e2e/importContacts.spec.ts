import { expect, test } from "@playwright/test";
import { baseUrl, nav, shot, signUp, watchErrors } from "./support/journey";

// An export of another CRM: a BOM, semicolons, its own header names, a bad e-mail and a person twice.
const CSV = [
  "\ufeffFirst Name;Last Name;E-mail Address;Company Name;Tags",
  "Ada;Lovelace;ada@example.com;Analytical Engines;vip",
  "Alan;Turing;alan@example.com;Bletchley Park;",
  "Grace;Hopper;not-an-email;Navy;",
  "Ada;Lovelace;ADA@example.com;analytical engines;london",
].join("\r\n");

test("import contacts from another CRM's export, then undo it", async ({ page }) => {
  const errors = watchErrors(page);
  await signUp(page, "Ida Tester", "Ida's Sales");

  await nav(page, "Contacts");
  await page.getByRole("link", { name: "Import" }).click();
  await expect(page.getByRole("heading", { name: "Import contacts" })).toBeVisible();
  await page.locator("#import-file").setInputFiles({ name: "hubspot-export.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
  await page.getByRole("button", { name: "Upload and preview" }).click();

  // The columns are mapped from their names.
  await expect(page.getByLabel("Target of E-mail Address")).toHaveValue("email");
  await expect(page.getByLabel("Target of Company Name")).toHaveValue("company");
  await expect(page.getByLabel("Target of Tags")).toHaveValue("tags");
  await shot(page, "50-import-mapping");

  // The dry run finds the bad row and writes nothing.
  await page.getByRole("button", { name: "Check every row (dry run)" }).click();
  await expect(page.getByRole("heading", { name: "Dry run: nothing was written" })).toBeVisible();
  await expect(page.getByTestId("count-failed")).toHaveText("1");
  await expect(page.getByRole("cell", { name: "not-an-email", exact: true })).toBeVisible();
  await shot(page, "51-import-dry-run");

  // Skip the bad row and import the rest; the same person twice is merged.
  await page.getByLabel("Bad rows").selectOption("skip");
  await expect(page.getByLabel("Bad rows")).toHaveValue("skip");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByTestId("count-created")).toHaveText("2", { timeout: 20_000 });
  await expect(page.getByTestId("count-merged")).toHaveText("1");
  await expect(page.getByText("completed", { exact: true })).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download the rows not imported (CSV)" }).click();
  expect((await download).suggestedFilename()).toBe("hubspot-export-errors.csv");
  await shot(page, "52-import-done");

  await page.goto(`${baseUrl()}/contacts`);
  await expect(page.getByRole("link", { name: "Ada Lovelace" })).toBeVisible();
  await page.goBack();

  await page.getByRole("button", { name: "Undo this import" }).click();
  await expect(page.getByText("undone", { exact: true })).toBeVisible({ timeout: 20_000 });
  await shot(page, "53-import-undone");
  expect(errors).toEqual([]);
});

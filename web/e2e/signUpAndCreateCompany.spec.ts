import { type Page, expect, test } from "@playwright/test";
import { baseUrl } from "./support/journey";

const SHOTS = "test-results/screenshots";

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

test("a new user signs up, lands on the dashboard, and creates a company", async ({ page }) => {
  const base = baseUrl();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  // Failed requests are logged by the browser too; the expected 401 (no session yet) and 409
  // (duplicate domain) are asserted on screen instead.
  page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && errors.push(m.text()));

  await page.goto(`${base}/companies`);
  await expect(page).toHaveURL(/\/sign-in\?redirect=/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await shot(page, "01-sign-in");

  await page.getByRole("link", { name: "Create an organization" }).click();
  await expect(page.getByRole("heading", { name: "Create your organization" })).toBeVisible();
  await page.getByLabel("Your name").fill("Ada Lovelace");
  await page.getByLabel("Organization").fill("Analytical Engines");
  await page.getByLabel("Work e-mail").fill(`ada+${Date.now()}@example.com`);
  await page.getByLabel("Password").fill("correct horse battery");
  await shot(page, "02-sign-up");
  await page.getByRole("button", { name: "Create my organization" }).click();

  await expect(page.getByRole("heading", { name: "Welcome, Ada" })).toBeVisible();
  await expect(page.getByTestId("dashboard-organization")).toHaveText(/Analytical Engines · owner/i);
  await expect(page.getByText("Your CRM is empty")).toBeVisible();
  await shot(page, "03-dashboard");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Companies" }).click();
  await expect(page.getByText("No companies yet")).toBeVisible();
  await shot(page, "04-companies-empty");

  await page.getByRole("button", { name: "New company" }).click();
  const dialog = page.getByRole("dialog", { name: "New company" });
  await dialog.getByLabel("Name").fill("Babbage & Co");
  await dialog.getByLabel("Domain").fill("babbage.example");
  await dialog.getByLabel("Employees").fill("many");
  await dialog.getByRole("button", { name: "Create company" }).click();
  await expect(dialog.getByText("A whole number, like 120.")).toBeVisible();
  await dialog.getByLabel("Employees").fill("42");
  await dialog.getByLabel("Industry").fill("Computing");
  await shot(page, "05-company-create");
  await dialog.getByRole("button", { name: "Create company" }).click();

  await expect(dialog).toBeHidden();
  await expect(page.getByText("Babbage & Co is created.")).toBeVisible();
  const row = page.getByRole("row", { name: /Babbage & Co/ });
  await expect(row).toContainText("babbage.example");
  await expect(row).toContainText("42");
  await expect(page.getByTestId("companies-total")).toHaveText("1");
  await shot(page, "06-companies-list");

  // The same domain again: the API refuses (409) and says why; the dialog stays open.
  await page.getByRole("button", { name: "New company" }).click();
  await dialog.getByLabel("Name").fill("Babbage again");
  await dialog.getByLabel("Domain").fill("babbage.example");
  await dialog.getByRole("button", { name: "Create company" }).click();
  await expect(page.getByText(/Another company already has the domain/)).toBeVisible();
  await expect(dialog).toBeVisible();
  await shot(page, "07-company-duplicate-domain");

  // The command palette: Ctrl+K, a company's name, Enter lands on its page; Escape closes it.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await palette.getByRole("combobox").fill("Babbage");
  await expect(palette.getByRole("option", { name: /Babbage & Co/ })).toBeVisible();
  await shot(page, "08-command-palette");
  await page.keyboard.press("Enter");
  await expect(palette).toBeHidden();
  await expect(page).toHaveURL(/\/companies\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Babbage & Co" })).toBeVisible();

  // An action: "New company" opens the companies list with its create dialog.
  await page.keyboard.press("Control+k");
  await palette.getByRole("combobox").fill("new comp");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/companies$/);
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  expect(errors).toEqual([]);
});

import { type Page, expect, test } from "@playwright/test";
import { baseUrl } from "./support/journey";

const SHOTS = "test-results/screenshots";
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

test("an owner adds and ticks a task, sees the dashboard, and creates an API key shown once", async ({ page, context }) => {
  const base = baseUrl();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);

  await page.goto(`${base}/sign-up`);
  await page.getByLabel("Your name").fill("Grace Hopper");
  await page.getByLabel("Organization").fill("Compilers Inc");
  await page.getByLabel("Work e-mail").fill(`grace+${Date.now()}@example.com`);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create my organization" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Grace" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Recent activity" })).toBeVisible();
  // Every card has answered (a failed query would show the error page instead).
  await expect(page.getByText("Won", { exact: true })).toBeVisible();
  await expect(page.getByText(/No open deal is expected to close/)).toBeVisible();
  await expect(page.getByText(/No open deals yet|deals? ·/).first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Recent activity" }).locator("..").locator("ol, p")).toBeVisible();
  await shot(page, "10-dashboard");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My tasks" }).click();
  await page.getByLabel("New task").fill("Call Ada about the renewal");
  await page.getByRole("button", { name: "Add task" }).click();
  const checkbox = page.getByRole("checkbox", { name: "Mark “Call Ada about the renewal” done" });
  await expect(checkbox).toBeVisible();
  await shot(page, "11-tasks");
  // click, not check(): the task leaves the open list at once, so it is never seen checked there.
  await checkbox.click();
  await expect(checkbox).toHaveCount(0);
  await page.getByRole("button", { name: "Show completed" }).click();
  await expect(page.getByRole("checkbox", { name: "Reopen “Call Ada about the renewal”" })).toBeChecked();

  await page.goto(`${base}/settings/pipelines`);
  await expect(page.getByRole("heading", { name: "Pipelines & stages" })).toBeVisible();
  await shot(page, "12-settings-pipelines");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Roles" }).click();
  await expect(page.getByRole("table")).toBeVisible();

  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "API keys" }).click();
  await page.getByRole("button", { name: "New API key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("Zapier");
  await dialog.getByLabel("Role").selectOption("sales");
  await dialog.getByRole("button", { name: "Create key" }).click();
  const secret = dialog.getByTestId("api-key-secret");
  await expect(secret).not.toBeEmpty();
  await shot(page, "13-api-key-secret");
  await dialog.getByRole("button", { name: "I have stored it" }).click();
  await expect(page.getByRole("cell", { name: "Zapier" })).toBeVisible();
  await shot(page, "14-api-keys");
  expect(errors).toEqual([]);
});

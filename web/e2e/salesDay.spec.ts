import { type Page, expect, test } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { baseUrl, nav, shot, signUp, watchErrors } from "./support/journey";

/** A fresh organization per journey (it gets the default pipeline), signed in as its owner. */
async function signUpAs(page: Page, first: string): Promise<string[]> {
  const errors = watchErrors(page);
  await signUp(page, `${first} Tester`, `${first}'s Sales`);
  return errors;
}

test("drag a deal across the board", async ({ page }) => {
  const errors = await signUpAs(page, "Mary");

  await nav(page, "Deals");
  await page.getByRole("button", { name: "New deal" }).click();
  const dialog = page.getByRole("dialog", { name: "New deal" });
  await dialog.getByLabel("Name", { exact: true }).fill("Difference Engine No. 2");
  await dialog.getByLabel("Amount").fill("12000");
  // The dialog starts in the default pipeline's first stage once the pipelines have loaded.
  await expect(dialog.getByLabel("Stage")).not.toHaveValue("");
  await dialog.getByRole("button", { name: "Create deal" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Difference Engine No. 2 is created.")).toBeVisible();

  await page.goto(`${baseUrl()}/deals/board`);
  const columns = page.getByTestId("board-column");
  const card = (column: number) => columns.nth(column).getByTestId("deal-card").filter({ hasText: "Difference Engine No. 2" });
  await expect(card(0)).toBeVisible();
  await shot(page, "20-board-before-drag");

  // dnd-kit's pointer sensor starts after 5 px of travel and tracks pointermove: move in steps.
  const from = await card(0).boundingBox();
  const to = await columns.nth(2).boundingBox();
  if (!from || !to) throw new Error("the card or the target column has no box");
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 5 });
  await page.waitForTimeout(150);
  await page.mouse.move(to.x + to.width / 2, to.y + 120, { steps: 20 });
  await page.waitForTimeout(250);
  await shot(page, "21-board-dragging");
  await page.mouse.up();

  await expect(card(2)).toBeVisible();
  await expect(card(0)).toHaveCount(0);
  await expect(page.getByTestId("deals-board")).toHaveAttribute("aria-busy", "false");
  await shot(page, "22-board-after-drag");

  // The move was saved: a reload reads the board from the server again.
  await page.reload();
  await expect(card(2)).toBeVisible();
  await expect(card(0)).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("convert a lead", async ({ page }) => {
  const errors = await signUpAs(page, "Ada");

  await nav(page, "Leads");
  await page.getByRole("button", { name: "New lead" }).click();
  const dialog = page.getByRole("dialog", { name: "New lead" });
  await dialog.getByLabel("Name", { exact: true }).fill("Charles Babbage");
  await dialog.getByLabel("E-mail").fill("charles@engines.example");
  await dialog.getByLabel("Company name").fill("Engines Ltd");
  await dialog.getByRole("button", { name: "Create lead" }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole("link", { name: "Charles Babbage" }).click();
  await expect(page.getByRole("heading", { name: "Charles Babbage", level: 1 })).toBeVisible();
  await shot(page, "23-lead");
  await expectAccessible(page, "a lead's page");
  await page.getByRole("button", { name: "Convert", exact: true }).click();
  const convert = page.getByRole("dialog", { name: "Convert Charles Babbage" });
  await expect(convert.getByLabel("Company")).toHaveValue("auto");
  await expect(convert.getByLabel("Contact")).toHaveValue("auto");
  await convert.getByLabel("Create a deal too").check();
  await expect(convert.getByLabel("Deal name")).toHaveValue("Engines Ltd");
  await convert.getByLabel("Deal name").fill("Engines Ltd: first engine");
  await convert.getByLabel("Amount").fill("5000");
  await shot(page, "24-lead-convert");
  await expectAccessible(page, "the convert lead dialog");
  await convert.getByRole("button", { name: "Convert lead" }).click();

  await expect(page).toHaveURL(/\/contacts\/[^/]+$/);
  await expect(page.getByRole("heading", { name: "Charles Babbage", level: 1 })).toBeVisible();
  const facts = page.locator("header dl");
  await expect(facts).toContainText("Engines Ltd");
  await expect(facts).toContainText("charles@engines.example");
  const deals = page.getByRole("heading", { name: /^Deals/, level: 2 }).locator("..");
  await expect(deals.getByRole("link", { name: "Engines Ltd: first engine" })).toBeVisible();
  await expect(deals).toContainText("5,000");
  await shot(page, "25-contact-after-convert");
  await expectAccessible(page, "a contact's page");
  expect(errors).toEqual([]);
});

test("log and complete a task", async ({ page }) => {
  const errors = await signUpAs(page, "Grace");

  await nav(page, "Companies");
  await page.getByRole("button", { name: "New company" }).click();
  const dialog = page.getByRole("dialog", { name: "New company" });
  await dialog.getByLabel("Name", { exact: true }).fill("Navy Labs");
  await dialog.getByRole("button", { name: "Create company" }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole("link", { name: "Navy Labs" }).click();
  await expect(page.getByRole("heading", { name: "Navy Labs", level: 1 })).toBeVisible();

  const composer = page.getByRole("form", { name: "Log an activity" });
  await composer.getByText("Task", { exact: true }).click();
  await composer.getByLabel("Subject").fill("Send the COBOL proposal");
  // Later today, in the browser's local time (datetime-local has no zone).
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  await composer.getByLabel("Due").fill(`${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T23:59`);
  await shot(page, "26-composer-task");
  await composer.getByRole("button", { name: "Log task" }).click();
  await expect(page.getByText("Task logged.")).toBeVisible();

  await nav(page, "My tasks");
  const today = page.getByRole("region", { name: /^Today/ });
  const checkbox = today.getByRole("checkbox", { name: "Mark “Send the COBOL proposal” done" });
  await expect(checkbox).toBeVisible();
  await shot(page, "27-my-tasks-today");
  // click, not check(): the task leaves the open list at once.
  await checkbox.click();
  await expect(checkbox).toHaveCount(0);
  await page.getByRole("button", { name: "Show completed" }).click();
  const completed = page.getByRole("region", { name: /^Completed/ });
  await expect(completed.getByRole("checkbox", { name: "Reopen “Send the COBOL proposal”" })).toBeChecked();
  await shot(page, "28-my-tasks-completed");
  expect(errors).toEqual([]);
});

import { type Page, expect, test } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { baseUrl, nav, shot, signUp, watchErrors } from "./support/journey";

/** The element that has focus, and whether it shows a focus indicator (outline or ring). */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    // Tailwind's ring is a box-shadow.
    const ring = style.boxShadow !== "none" && style.boxShadow !== "";
    // A date field's picker button: focus is in the browser's own part of the field (which draws
    // its ring, styled in index.css), and the field itself is not :focus.
    const picker = el instanceof HTMLInputElement && /date|time/.test(el.type) && !el.matches(":focus");
    const dialog = el.closest('[role="dialog"]');
    return { tag: el.tagName, name: el.getAttribute("aria-label") ?? el.textContent?.trim().slice(0, 40) ?? "", visible: outline || ring || picker, inDialog: Boolean(dialog) };
  });
}

async function createThrough(page: Page, list: string, button: string, fill: (dialog: ReturnType<Page["getByRole"]>) => Promise<void>) {
  await nav(page, list);
  await page.getByRole("button", { name: button }).click();
  const dialog = page.getByRole("dialog", { name: button });
  await fill(dialog);
  await expectAccessible(page, `the "${button}" dialog`);
  await dialog.getByRole("button", { name: /^Create / }).click();
  await expect(dialog).toBeHidden();
}

test("every main screen passes axe-core in both themes, and works from the keyboard", async ({ page }) => {
  test.setTimeout(150_000);
  const errors = watchErrors(page);

  await page.goto(`${baseUrl()}/sign-in`);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expectAccessible(page, "sign-in");
  // The form is reachable from the keyboard, each step with a visible focus.
  await page.keyboard.press("Tab");
  const first = await focused(page);
  expect(first?.visible, `focus indicator on ${first?.name}`).toBe(true);
  await page.goto(`${baseUrl()}/sign-up`);
  await expectAccessible(page, "sign-up");
  await page.goto(`${baseUrl()}/forgot-password`);
  await expectAccessible(page, "forgot-password");

  await signUp(page, "Alan Turing", "Bletchley");
  await expectAccessible(page, "the empty dashboard");

  // Lists and their create dialogs, with a row each.
  await createThrough(page, "Companies", "New company", async (d) => {
    await d.getByLabel("Name").fill("Enigma Works");
    await d.getByLabel("Industry").fill("Cryptography");
  });
  await expectAccessible(page, "the companies list");
  await createThrough(page, "Contacts", "New contact", async (d) => {
    await d.getByLabel("First name").fill("Joan");
    await d.getByLabel("Last name").fill("Clarke");
  });
  await expectAccessible(page, "the contacts list");
  await createThrough(page, "Leads", "New lead", async (d) => {
    await d.getByLabel("Name", { exact: true }).fill("Gordon Welchman");
  });
  await expectAccessible(page, "the leads list");
  await createThrough(page, "Deals", "New deal", async (d) => {
    await d.getByLabel("Name", { exact: true }).fill("Bombe upgrade");
    await d.getByLabel("Amount").fill("9000");
    await expect(d.getByLabel("Stage")).not.toHaveValue("");
  });
  await expectAccessible(page, "the deals list");

  // A selected row: the bulk bar; the filter builder; the column chooser.
  await page.getByRole("checkbox", { name: "Select Bombe upgrade" }).check();
  await expect(page.getByRole("toolbar", { name: "Bulk actions" })).toBeVisible();
  await expectAccessible(page, "the bulk actions bar");
  await page.getByRole("checkbox", { name: "Select Bombe upgrade" }).uncheck();
  await page.getByRole("button", { name: /^Filter/ }).click();
  const filter = page.getByRole("dialog", { name: "Filter" });
  await filter.getByRole("button", { name: "Condition" }).click();
  await expectAccessible(page, "the filter builder");
  await page.keyboard.press("Escape");
  await expect(filter).toBeHidden();
  await page.getByRole("button", { name: "Columns" }).click();
  await expect(page.getByRole("menu")).toBeVisible();
  await expectAccessible(page, "the column chooser");
  await page.keyboard.press("Escape");

  // The board: and a deal moved with the keyboard alone (Space picks up, an arrow moves, Space drops).
  await page.goto(`${baseUrl()}/deals/board`);
  const columns = page.getByTestId("board-column");
  const card = (column: number) => columns.nth(column).getByTestId("deal-card").filter({ hasText: "Bombe upgrade" });
  await expect(card(0)).toBeVisible();
  await expectAccessible(page, "the board");
  await card(0).focus();
  expect((await focused(page))?.visible, "focus indicator on a deal card").toBe(true);
  // dnd-kit listens for the arrows from the task after the pick-up: a person is slower than that.
  await page.keyboard.press("Space");
  await page.waitForTimeout(100);
  await page.keyboard.press("ArrowRight");
  await page.waitForTimeout(100);
  await page.keyboard.press("Space");
  await expect(card(1)).toBeVisible();
  await expect(card(0)).toHaveCount(0);
  await expect(page.getByTestId("deals-board")).toHaveAttribute("aria-busy", "false");
  await page.reload();
  await expect(card(1)).toBeVisible();
  await shot(page, "30-board-after-keyboard-move");

  // A record page (Enter on a card opens it), with its editor open.
  await card(1).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Bombe upgrade", level: 1 })).toBeVisible();
  await expectAccessible(page, "a deal's page");
  await page.getByRole("button", { name: "Edit" }).click();
  await expectAccessible(page, "a deal's page, editing");

  // The company's page, and the dashboard with something in it.
  await nav(page, "Companies");
  await page.getByRole("link", { name: "Enigma Works" }).click();
  await expect(page.getByRole("heading", { name: "Enigma Works", level: 1 })).toBeVisible();
  await expectAccessible(page, "a company's page");
  await nav(page, "Dashboard");
  await expect(page.getByRole("heading", { name: "Recent activity" })).toBeVisible();
  await expectAccessible(page, "the dashboard");

  await nav(page, "My tasks");
  await page.getByLabel("New task").fill("Break the naval code");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByRole("checkbox", { name: "Mark “Break the naval code” done" })).toBeVisible();
  await expectAccessible(page, "my tasks");

  // Every settings tab.
  await nav(page, "Settings");
  const tabs = page.getByRole("navigation", { name: "Settings" }).getByRole("link");
  // An owner sees every section (the rest of the list waits for the permissions).
  await expect(tabs).toHaveCount(11);
  const names = await tabs.allTextContents();
  for (const name of names) {
    await tabs.filter({ hasText: name }).click();
    await expect(page.getByRole("heading", { level: 1 }).or(page.getByRole("heading", { level: 2 })).first()).toBeVisible();
    await page.waitForLoadState("networkidle");
    await expectAccessible(page, `settings: ${name}`);
  }
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "API keys" }).click();
  await page.getByRole("button", { name: "New API key" }).click();
  await expectAccessible(page, "the new API key dialog");

  // A dialog keeps focus inside until it closes, and gives it back.
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    const now = await focused(page);
    expect(now?.inDialog, `Tab ${i + 1} stays in the dialog (on ${now?.tag} ${now?.name})`).toBe(true);
    expect(now?.visible, `focus indicator on ${now?.tag} ${now?.name}`).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();
  expect((await focused(page))?.name).toMatch(/New API key/);

  // The command palette and the shortcuts list.
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await palette.getByRole("combobox").fill("eni");
  await expect(palette.getByRole("option", { name: /Enigma Works/ })).toBeVisible();
  await expectAccessible(page, "the command palette");
  await page.keyboard.press("Escape");
  await page.locator("main").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: /shortcuts/i })).toBeVisible();
  await expectAccessible(page, "the shortcuts list");
  await page.keyboard.press("Escape");

  // The account menu.
  await page.getByRole("button", { name: /account|Alan Turing/i }).click();
  await expect(page.getByRole("menu")).toBeVisible();
  await expectAccessible(page, "the account menu");
  await page.keyboard.press("Escape");
  expect(errors).toEqual([]);
});

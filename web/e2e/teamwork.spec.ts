import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type Page, expect, test } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { PASSWORD, baseUrl, shot, signUp, varDir, watchErrors } from "./support/journey";

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${baseUrl()}/sign-in`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

async function createCompany(page: Page, name: string, industry: string): Promise<void> {
  await page.getByRole("button", { name: "New company" }).click();
  const dialog = page.getByRole("dialog", { name: "New company" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Industry").fill(industry);
  await dialog.getByRole("button", { name: "Create company" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toBeVisible();
}

/** The newest development e-mail to `to`, decoded (the server writes each one to HERON_VAR_DIR/outbox). */
async function newestMailTo(to: string): Promise<string> {
  const outbox = join(varDir(), "outbox");
  let found = "";
  // Mail is a job delivered after the request's transaction commits: wait for it.
  await expect
    .poll(
      () => {
        let files: string[] = [];
        try {
          files = readdirSync(outbox).filter((f) => f.endsWith(".eml"));
        } catch {
          return false;
        }
        const newest = files
          .map((f) => join(outbox, f))
          .map((path) => ({ path, text: decodeMail(readFileSync(path, "utf8")), at: statSync(path).mtimeMs }))
          .filter((m) => m.text.includes(to))
          .sort((a, b) => b.at - a.at)[0];
        found = newest?.text ?? "";
        return Boolean(newest);
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  return found;
}

/** Headers as they are, text parts decoded from quoted-printable or base64. */
function decodeMail(raw: string): string {
  const [head = "", ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join("\n\n");
  if (/content-transfer-encoding:\s*base64/i.test(head)) return `${head}\n\n${Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")}`;
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    const text = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return `${head}\n\n${Buffer.from(text, "latin1").toString("utf8")}`;
  }
  return raw;
}

test("filter and save a view", async ({ page }) => {
  const errors = watchErrors(page);
  await signUp(page, "Ada Lovelace", "Analytical Engines");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Companies" }).click();
  await createCompany(page, "Alpha Mines", "Mining");
  await createCompany(page, "Beta Bank", "Banking");
  await createCompany(page, "Gamma Quarry", "Mining");
  await shot(page, "20-companies-three");

  await page.getByRole("button", { name: /^Filter/ }).click();
  const filter = page.getByRole("dialog", { name: "Filter" });
  await filter.getByRole("button", { name: "Condition" }).click();
  await filter.getByLabel("Field").selectOption({ label: "Industry" });
  await filter.getByLabel("Operator").selectOption({ label: "is" });
  await filter.getByLabel("Value").fill("Mining");
  await shot(page, "21-filter-builder");
  await filter.getByRole("button", { name: "Apply" }).click();
  await expect(filter).toBeHidden();

  const onlyMiners = async () => {
    await expect(page.getByRole("row", { name: /Alpha Mines/ })).toBeVisible();
    await expect(page.getByRole("row", { name: /Gamma Quarry/ })).toBeVisible();
    await expect(page.getByRole("row", { name: /Beta Bank/ })).toHaveCount(0);
  };
  await onlyMiners();
  await shot(page, "22-companies-filtered");

  await page.getByRole("button", { name: "All records" }).click();
  await page.getByRole("menuitem", { name: "Save current list as a view…" }).click();
  const save = page.getByRole("dialog", { name: "Save view" });
  await save.getByLabel("Name").fill("Miners");
  await save.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText('View "Miners" is saved.')).toBeVisible();
  await expect(page.getByRole("button", { name: "Miners" })).toBeVisible();
  await onlyMiners();

  // A fresh load of the plain list shows everything again, until the view is picked.
  await page.goto(`${baseUrl()}/companies`);
  await expect(page.getByRole("row", { name: /Beta Bank/ })).toBeVisible();
  await page.getByRole("button", { name: "All records" }).click();
  await page.getByRole("menuitem", { name: "Miners" }).click();
  await expect(page.getByRole("button", { name: "Miners" })).toBeVisible();
  await onlyMiners();
  await shot(page, "23-companies-saved-view");
  expect(errors).toEqual([]);
});

/** The Industry value in the record page's Details card (the header repeats key facts). */
const detailsIndustry = (page: Page) =>
  page
    .getByRole("heading", { name: "Details", exact: true })
    .locator("xpath=ancestor::*[.//dl][1]")
    .locator("dt", { hasText: /^Industry$/ })
    .locator("xpath=following-sibling::dd");

test("edit with a conflict", async ({ page, browser }) => {
  const errors = watchErrors(page);
  const email = await signUp(page, "Grace Hopper", "Compilers Inc");
  await page.goto(`${baseUrl()}/companies`);
  await createCompany(page, "Univac", "Computing");
  await page.getByRole("link", { name: "Univac" }).click();
  await expect(page).toHaveURL(/\/companies\/[^/]+$/);
  const companyUrl = page.url();

  // The same user in a second browser: its own session, the same record.
  const other = await (browser as Browser).newContext();
  const theirPage = await other.newPage();
  const theirErrors = watchErrors(theirPage);
  await signIn(theirPage, email);
  await theirPage.goto(companyUrl);

  // Both start editing the same version of the record.
  for (const p of [page, theirPage]) {
    await p.getByRole("button", { name: "Edit" }).click();
    await expect(p.getByLabel("Industry")).toHaveValue("Computing");
  }
  await theirPage.getByLabel("Industry").fill("Hardware");
  await theirPage.getByRole("button", { name: "Save", exact: true }).click();
  await expect(theirPage.getByText("Saved.")).toBeVisible();

  await page.getByLabel("Industry").fill("Software");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const conflict = page.getByRole("dialog", { name: "Someone else changed this record" });
  await expect(conflict).toBeVisible();
  const row = conflict.getByTestId("conflict-industry");
  await expect(row.getByRole("rowheader")).toHaveText("Industry");
  await expect(row.getByRole("cell")).toHaveText(["Computing", "Hardware", "Software"]);
  await shot(page, "24-conflict-dialog");
  await expectAccessible(page, "the conflict dialog");

  await conflict.getByRole("button", { name: "Overwrite with mine" }).click();
  await expect(conflict).toBeHidden();
  await page.reload();
  await expect(detailsIndustry(page)).toHaveText("Software");
  await theirPage.reload();
  await expect(detailsIndustry(theirPage)).toHaveText("Software");
  await shot(page, "25-conflict-overwritten");
  await other.close();
  expect([...errors, ...theirErrors]).toEqual([]);
});

test("invite a colleague who accepts", async ({ page, browser }) => {
  const errors = watchErrors(page);
  await signUp(page, "Katherine Johnson", "Orbital Mechanics");
  const colleague = `dorothy+${Date.now()}@example.com`;

  await page.goto(`${baseUrl()}/settings`);
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Members & invitations" }).click();
  const invitations = page.getByRole("region", { name: "Invitations" });
  await invitations.getByLabel("E-mail").fill(colleague);
  await invitations.getByLabel("Role").selectOption("sales");
  await invitations.getByRole("button", { name: "Invite" }).click();
  await expect(page.getByText(`An invitation is on its way to ${colleague}.`)).toBeVisible();
  await expect(invitations.getByRole("listitem").filter({ hasText: colleague })).toContainText("as sales");
  await shot(page, "26-invitation-sent");

  const mail = await newestMailTo(colleague);
  const link = mail.match(/https?:\/\/\S+\/accept-invitation\?token=[\w.~%-]+/)?.[0];
  expect(link, "the invitation e-mail holds the accept link").toBeTruthy();

  const fresh = await browser.newContext();
  const theirPage = await fresh.newPage();
  const theirErrors = watchErrors(theirPage);
  await theirPage.goto(link!);
  await expect(theirPage.getByText(/invites .* to join Orbital Mechanics as sales/)).toBeVisible();
  await theirPage.getByLabel("Your name").fill("Dorothy Vaughan");
  await theirPage.getByLabel("Password").fill(PASSWORD);
  await shot(theirPage, "27-accept-invitation");
  await expectAccessible(theirPage, "accepting an invitation");
  await theirPage.getByRole("button", { name: "Join Orbital Mechanics" }).click();
  await expect(theirPage.getByRole("heading", { name: "Welcome, Dorothy" })).toBeVisible();
  await expect(theirPage.getByTestId("dashboard-organization")).toHaveText(/Orbital Mechanics · sales/i);
  await shot(theirPage, "28-colleague-dashboard");
  await fresh.close();

  await page.reload();
  const members = page.getByRole("region", { name: "Members" });
  await expect(members.getByRole("row", { name: /Dorothy Vaughan/ })).toBeVisible();
  await expect(members.getByLabel("Role of Dorothy Vaughan")).toHaveValue("sales");
  await expect(invitations.getByText(colleague)).toHaveCount(0);
  await shot(page, "29-members-with-colleague");
  await expectAccessible(page, "members and invitations");
  expect([...errors, ...theirErrors]).toEqual([]);
});

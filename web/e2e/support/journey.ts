import { type Page, expect, test } from "@playwright/test";

export const PASSWORD = "correct horse battery";
const SHOTS = "test-results/screenshots";

/** The running project's database (playwright.config.ts), as the suffix of globalSetup's variables. */
function project(): string {
  const name = test.info().project.name || "sqlite";
  if (name === "postgresql" && process.env.HERON_E2E_POSTGRES_SKIPPED) {
    test.skip(true, `PostgreSQL is not reachable (it is required in CI): ${process.env.HERON_E2E_POSTGRES_SKIPPED}`);
  }
  return name.toUpperCase();
}

/** The URL of the Heron that serves this project's journeys. */
export function baseUrl(): string {
  const base = process.env[`HERON_E2E_URL_${project()}`];
  if (!base) throw new Error(`HERON_E2E_URL_${project()} is not set: the global setup did not start Heron.`);
  return base;
}

/** That Heron's HERON_VAR_DIR (development mail lands in its outbox/). */
export function varDir(): string {
  const dir = process.env[`HERON_E2E_VAR_DIR_${project()}`];
  if (!dir) throw new Error(`HERON_E2E_VAR_DIR_${project()} is not set: the global setup did not start Heron.`);
  return dir;
}

/** A full-page screenshot kept as an artifact; the PostgreSQL run's are prefixed `postgresql-`. */
export const shot = (page: Page, name: string) => {
  const prefix = project() === "SQLITE" ? "" : `${project().toLowerCase()}-`;
  return page.screenshot({ path: `${SHOTS}/${prefix}${name}.png`, fullPage: true });
};

/** Collects uncaught page errors, so a journey fails on a crash it did not look at. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/** A fresh organization (it gets the default pipeline), signed in as its owner; returns the e-mail. */
export async function signUp(page: Page, name: string, org: string): Promise<string> {
  const email = `${name.split(" ")[0]!.toLowerCase()}+${Date.now()}@example.com`;
  await page.goto(`${baseUrl()}/sign-up`);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Organization").fill(org);
  await page.getByLabel("Work e-mail").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create my organization" }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${name.split(" ")[0]}` })).toBeVisible();
  return email;
}

export const nav = (page: Page, name: string) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true }).click();

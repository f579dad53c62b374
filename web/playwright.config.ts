import { defineConfig } from "@playwright/test";

// Debian's Chromium, not a downloaded browser (`npx playwright install` needs the internet).
const executablePath = process.env.HERON_CHROMIUM ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/playwright",
  globalSetup: "./e2e/globalSetup.ts",
  timeout: 60_000,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  // The same Chromium against two servers (e2e/globalSetup.ts): every journey on SQLite, and the
  // ones that lean most on the database (filters, views, versions, invitations, board moves, lead
  // conversion) on PostgreSQL too.
  projects: [
    { name: "sqlite" },
    { name: "postgresql", testMatch: ["teamwork.spec.ts", "salesDay.spec.ts"] },
  ],
  use: {
    browserName: "chromium",
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
});

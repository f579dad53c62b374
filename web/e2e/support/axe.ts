import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type Page, expect } from "@playwright/test";

// axe-core's own browser build, read from node_modules: no network, no wrapper package.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** WCAG 2.1 A and AA, and axe's best practices (landmarks, one h1, ...). */
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
const FAILING = new Set(["serious", "critical"]);

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

async function violations(page: Page): Promise<Violation[]> {
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  }, TAGS);
}

/**
 * Picks the theme as another tab would (lib/theme.ts follows the `storage` event): every part of
 * the app that reads the theme (the class on <html>, the toasts) follows.
 */
async function setTheme(page: Page, theme: "light" | "dark"): Promise<void> {
  await page.evaluate((next) => {
    localStorage.setItem("heron.theme", next);
    window.dispatchEvent(new StorageEvent("storage", { key: "heron.theme", newValue: next }));
  }, theme);
  // Two frames: styles recomputed before the colours are read.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/**
 * Runs axe-core on the page as it is, in the light and the dark theme, and fails on any serious or
 * critical violation (contrast below AA, a control without a name, a broken ARIA pattern, ...),
 * naming the rule and the elements. The page is left in the theme it had.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  const started = await page.evaluate(() => localStorage.getItem("heron.theme"));
  // A fade or a colour transition half-way would be measured as it is at that instant.
  const calm = await page.addStyleTag({ content: "*,*::before,*::after{transition:none!important;animation:none!important}" });
  const found: string[] = [];
  try {
    for (const theme of ["light", "dark"] as const) {
      await setTheme(page, theme);
      for (const v of await violations(page)) {
        if (!FAILING.has(v.impact ?? "")) continue;
        const where = v.nodes.slice(0, 5).map((n) => `    ${n.target.join(" ")}${n.failureSummary ? `: ${n.failureSummary.split("\n").slice(1).join(" ").trim()}` : ""}`);
        found.push(`[${theme}] ${v.id} (${v.impact}): ${v.help}\n${where.join("\n")}`);
      }
    }
  } finally {
    await page.evaluate((saved) => {
      if (saved === null) localStorage.removeItem("heron.theme");
      else localStorage.setItem("heron.theme", saved);
      window.dispatchEvent(new StorageEvent("storage", { key: "heron.theme", newValue: saved }));
    }, started);
    await calm.evaluate((style) => (style as Element).remove());
  }
  // Soft: the journey goes on, and ends failed with every screen's violations listed.
  expect.soft(found, `accessibility of ${screen}`).toEqual([]);
}

import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const web = resolve(import.meta.dirname, "..");
const backend = resolve(web, "../backend");

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? done(address.port) : fail(new Error("no port"))));
    });
  });
}

async function waitUntilReady(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`heron serve exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`heron serve did not become ready at ${url}`);
}

/**
 * A real Heron for the journeys: a fresh SQLite database in a temporary HERON_VAR_DIR, migrated,
 * serving the built app (web/dist) on a free loopback port.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(join(web, "dist/index.html"))) throw new Error("web/dist is not built: run `npm run build`.");
  if (!existsSync(process.env.HERON_CHROMIUM ?? "/usr/bin/chromium")) {
    throw new Error("Chromium is missing: run `bash scripts/browser.sh` (apt-get install chromium).");
  }
  const varDir = mkdtempSync(join(tmpdir(), "heron-e2e-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const uv = process.env.UV ?? "uv";
  const env = {
    ...process.env,
    HERON_VAR_DIR: varDir,
    HERON_DATABASE_URL: "",
    HERON_REDIS_URL: "",
    HERON_ENV: "development",
    HERON_PUBLIC_URL: url,
    HERON_WEB_DIST: join(web, "dist"),
    HERON_LOG_LEVEL: "WARNING",
  };
  execFileSync(uv, ["run", "--no-sync", "heron", "migrate"], { cwd: backend, env, stdio: "inherit" });
  const server = spawn(uv, ["run", "--no-sync", "heron", "serve", "--host", "127.0.0.1", "--port", String(port)], {
    cwd: backend,
    env,
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  await waitUntilReady(url, server);
  process.env.HERON_E2E_URL = url;
  // The journeys read development mail (invitation links) from HERON_VAR_DIR/outbox.
  process.env.HERON_E2E_VAR_DIR = varDir;

  return async () => {
    // The whole process group: `uv run` starts heron as a child.
    if (server.pid) process.kill(-server.pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    rmSync(varDir, { recursive: true, force: true });
  };
}

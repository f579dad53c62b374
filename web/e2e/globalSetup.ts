import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const web = resolve(import.meta.dirname, "..");
const backend = resolve(web, "../backend");
const run = promisify(execFile);
const uv = process.env.UV ?? "uv";
const inCI = ["1", "true", "yes"].includes((process.env.CI ?? "").toLowerCase());

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

interface Heron {
  url: string;
  varDir: string;
  stop: () => Promise<void>;
}

/** `heron serve` on a free loopback port, serving the built app (web/dist), its data in a temporary HERON_VAR_DIR. */
async function serve(databaseUrl: string, migrate: boolean): Promise<Heron> {
  const varDir = mkdtempSync(join(tmpdir(), "heron-e2e-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    HERON_VAR_DIR: varDir,
    HERON_DATABASE_URL: databaseUrl,
    HERON_REDIS_URL: "",
    HERON_ENV: "development",
    HERON_PUBLIC_URL: url,
    HERON_WEB_DIST: join(web, "dist"),
    HERON_LOG_LEVEL: "WARNING",
  };
  if (migrate) await run(uv, ["run", "--no-sync", "heron", "migrate"], { cwd: backend, env });
  const server = spawn(uv, ["run", "--no-sync", "heron", "serve", "--host", "127.0.0.1", "--port", String(port)], {
    cwd: backend,
    env,
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const stop = async () => {
    // The whole process group: `uv run` starts heron as a child.
    try {
      if (server.pid) process.kill(-server.pid, "SIGTERM");
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 500));
    rmSync(varDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, server);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, varDir, stop };
}

/** SQLite, the embedded default: a fresh file in the server's HERON_VAR_DIR, migrated. */
const serveSqlite = () => serve("", true);

/**
 * PostgreSQL: a scratch database on the test server (HERON_TEST_POSTGRES_URL), migrated by the
 * superuser and served as the application's role (row-level security in force), like the back
 * end's suites (backend/tests/helpers/e2e_database.py). Null, with the reason, when the server
 * cannot be reached outside CI; in CI that is an error.
 */
async function servePostgres(): Promise<{ heron: Heron } | { skipped: string }> {
  let created: { name: string; url: string };
  try {
    const { stdout } = await run(uv, ["run", "--no-sync", "python", "-m", "tests.helpers.e2e_database", "create"], { cwd: backend });
    created = JSON.parse(stdout.trim().split("\n").pop()!);
  } catch (error) {
    const reason = (error as { stderr?: string }).stderr?.trim() || String(error);
    if (inCI) throw new Error(`PostgreSQL is required for the journeys in CI: ${reason}`);
    return { skipped: reason };
  }
  const drop = () => run(uv, ["run", "--no-sync", "python", "-m", "tests.helpers.e2e_database", "drop", created.name], { cwd: backend });
  try {
    const heron = await serve(created.url, false);
    return {
      heron: {
        ...heron,
        stop: async () => {
          await heron.stop();
          await drop();
        },
      },
    };
  } catch (error) {
    await drop();
    throw error;
  }
}

/**
 * A real Heron for each project of playwright.config.ts: `sqlite` (every journey) and
 * `postgresql` (the journeys that lean most on the database), started side by side. Each
 * project's URL and HERON_VAR_DIR reach the journeys as HERON_E2E_URL_<PROJECT> and
 * HERON_E2E_VAR_DIR_<PROJECT> (e2e/support/journey.ts reads them). HERON_E2E_POSTGRES=0 skips
 * PostgreSQL (outside CI).
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(join(web, "dist/index.html"))) throw new Error("web/dist is not built: run `npm run build`.");
  if (!existsSync(process.env.HERON_CHROMIUM ?? "/usr/bin/chromium")) {
    throw new Error("Chromium is missing: run `bash scripts/browser.sh` (apt-get install chromium).");
  }
  const wantPostgres = process.env.HERON_E2E_POSTGRES !== "0" || inCI;
  const [sqlite, postgres] = await Promise.allSettled([
    serveSqlite(),
    wantPostgres ? servePostgres() : Promise.resolve({ skipped: "HERON_E2E_POSTGRES=0" }),
  ]);
  const started: Heron[] = [];
  if (sqlite.status === "fulfilled") started.push(sqlite.value);
  if (postgres.status === "fulfilled" && "heron" in postgres.value) started.push(postgres.value.heron);
  const stopAll = async () => {
    await Promise.all(started.map((heron) => heron.stop()));
  };
  if (sqlite.status === "rejected" || postgres.status === "rejected") {
    await stopAll();
    throw sqlite.status === "rejected" ? sqlite.reason : (postgres as PromiseRejectedResult).reason;
  }

  process.env.HERON_E2E_URL_SQLITE = sqlite.value.url;
  process.env.HERON_E2E_VAR_DIR_SQLITE = sqlite.value.varDir;
  if ("heron" in postgres.value) {
    process.env.HERON_E2E_URL_POSTGRESQL = postgres.value.heron.url;
    process.env.HERON_E2E_VAR_DIR_POSTGRESQL = postgres.value.heron.varDir;
  } else {
    process.env.HERON_E2E_POSTGRES_SKIPPED = postgres.value.skipped;
    console.warn(`The PostgreSQL journeys are skipped: ${postgres.value.skipped}`);
  }
  return stopAll;
}

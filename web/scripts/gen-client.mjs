// Regenerates the typed API client: the back end's OpenAPI document (dumped by Python, offline)
// and the TypeScript types openapi-typescript derives from it. Usage: gen-client.mjs <out dir>.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const backend = resolve(web, "../backend");
const out = resolve(web, process.argv[2] ?? "src/client");
mkdirSync(out, { recursive: true });

const uv = process.env.UV ?? "uv";
const json = execFileSync(uv, ["run", "--no-sync", "python", join(web, "scripts/dump_openapi.py")], {
  cwd: backend,
  encoding: "utf8",
  maxBuffer: 64 * 1024 * 1024,
  stdio: ["ignore", "pipe", "inherit"],
});
const specPath = join(out, "openapi.json");
writeFileSync(specPath, json);
execFileSync(
  join(web, "node_modules/.bin/openapi-typescript"),
  // Fields with a default are optional in request bodies (the server fills them in).
  [specPath, "-o", join(out, "schema.d.ts"), "--default-non-nullable", "false", "--silent"],
  { stdio: "inherit" },
);

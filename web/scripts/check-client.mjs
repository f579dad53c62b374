// Fails when the committed client (src/client) differs from what the back end generates now.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const tmp = mkdtempSync(join(tmpdir(), "heron-client-"));
try {
  execFileSync("node", [join(web, "scripts/gen-client.mjs"), tmp], { stdio: "inherit" });
  const stale = ["openapi.json", "schema.d.ts"].filter((name) => {
    const read = (dir) => {
      try {
        return readFileSync(join(dir, name), "utf8");
      } catch {
        return null;
      }
    };
    return read(tmp) !== read(join(web, "src/client"));
  });
  if (stale.length > 0) {
    console.error(`src/client is stale (${stale.join(", ")}): run \`npm run gen:client\` and commit.`);
    process.exit(1);
  }
  console.log("src/client matches the back end's OpenAPI document.");
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

// Builds the console into dist/console with Vite, unless nothing it is built from changed since the last build
// (npm start runs this every time and must stay fast).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "..");
const out = join(root, "dist", "console");
const stamp = join(out, ".inputs");

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const inputs = [...files(here), join(root, "package-lock.json")].sort();
const hash = createHash("sha256");
for (const path of inputs) hash.update(relative(root, path)).update("\0").update(readFileSync(path)).update("\0");
const digest = hash.digest("hex");

if (existsSync(join(out, "index.html")) && existsSync(stamp) && readFileSync(stamp, "utf8") === digest) process.exit(0);

const { build } = await import("vite");
await build({ configFile: join(here, "vite.config.ts") });
writeFileSync(stamp, digest);
console.log(`console built into ${relative(process.cwd(), out) || out}`);

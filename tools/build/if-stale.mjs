// `npm start` (prestart): runs the tsc build only when a source or build setting changed since the last successful
// build. tsc's own incremental check still reads and hashes every file (about 10 s on a busy 2-core machine); this
// compares modification times (files and folders, so a deleted or renamed source counts too) against a stamp.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const stamp = join(root, "dist", ".build-stamp");
const inputs = ["src", "tsconfig.json", "tsconfig.build.json", "package.json", "package-lock.json"];

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const changed = !existsSync(stamp) || Math.max(...inputs.map((p) => newest(join(root, p)))) > statSync(stamp).mtimeMs;
if (changed) {
  const started = Date.now();
  process.stderr.write("fedplane: sources changed; building (tsc)...\n");
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
  // Stamped with the start time: a source saved while tsc ran is newer than the stamp, so the next start builds again.
  writeFileSync(stamp, `${new Date(started).toISOString()}\n`);
  utimesSync(stamp, new Date(started), new Date(started));
  process.stderr.write(`fedplane: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
// The console checks its own inputs (a hash of console/ and the lock file) and returns at once when current.
const consoleBuild = spawnSync(process.execPath, [join(root, "console", "build.mjs")], { stdio: "inherit" });
if (consoleBuild.status !== 0) process.exit(consoleBuild.status ?? 1);

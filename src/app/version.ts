import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root, found from this file both in src/ (tests) and in dist/src/ (the built CLI). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate) && JSON.parse(readFileSync(candidate, "utf8")).name === "fedplane") return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("fedplane's package.json not found above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export const version: string = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")).version;

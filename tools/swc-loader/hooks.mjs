import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import swc from "@swc/core";

// The project's .swcrc, as an ES module with an inline source map: CPU profiles
// then point at TypeScript lines.
const swcrc = JSON.parse(await readFile(new URL("../../.swcrc", import.meta.url), "utf8"));
const options = { jsc: swcrc.jsc, module: { type: "es6" }, sourceMaps: "inline", swcrc: false };

/** NodeNext imports name the emitted `.js`; in the source tree the file is `.ts`. */
export async function resolve(specifier, context, next) {
  if (specifier.endsWith(".js") && (specifier.startsWith(".") || specifier.startsWith("file:")) && context.parentURL?.startsWith("file:")) {
    const ts = new URL(specifier.slice(0, -3) + ".ts", context.parentURL);
    if (!existsSync(new URL(specifier, context.parentURL)) && existsSync(ts)) return next(ts.href, context);
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.startsWith("file:") || !url.endsWith(".ts") || url.includes("/node_modules/")) return next(url, context);
  const filename = fileURLToPath(url);
  const { code } = await swc.transform(await readFile(filename, "utf8"), { ...options, filename });
  return { format: "module", source: code, shortCircuit: true };
}

#!/usr/bin/env node
// Runs the compiled CLI (type-graphql needs decorator metadata, which only the tsc build keeps): `npm run build` first.
try {
  await import("../dist/src/cli/main.js");
} catch (e) {
  if (e?.code === "ERR_MODULE_NOT_FOUND" && String(e.message).includes("dist/src/cli/main.js")) {
    process.stderr.write("fedplane: the CLI is not built yet; run `npm run build` in the fedplane folder first.\n");
    process.exit(1);
  }
  throw e;
}

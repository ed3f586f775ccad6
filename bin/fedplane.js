#!/usr/bin/env node
// Runs the compiled CLI (type-graphql needs decorator metadata, which only the tsc build keeps): `npm run build` first.
// graphql-js skips its development-only cross-realm instanceof checks in production: 10-15% of query time (bench/FINDINGS.md).
process.env.NODE_ENV ??= "production";
try {
  await import("../dist/src/cli/main.js");
} catch (e) {
  if (e?.code === "ERR_MODULE_NOT_FOUND" && String(e.message).includes("dist/src/cli/main.js")) {
    process.stderr.write("fedplane: the CLI is not built yet; run `npm run build` in the fedplane folder first.\n");
    process.exit(1);
  }
  throw e;
}

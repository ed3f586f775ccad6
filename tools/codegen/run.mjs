// `npm run gen:sdk` / `npm run gen:console`: writes what a codegen config describes (default codegen.yml; see generate.mjs).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { generate, root } from "./generate.mjs";

for (const { filename, content } of await generate(process.argv[2])) {
  writeFileSync(join(root, filename), content);
  process.stdout.write(`wrote ${filename}\n`);
}

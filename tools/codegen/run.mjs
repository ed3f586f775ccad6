// `npm run gen:sdk`: writes the typed SDK (see generate.mjs).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { generate, root } from "./generate.mjs";

for (const { filename, content } of await generate()) {
  writeFileSync(join(root, filename), content);
  process.stdout.write(`wrote ${filename}\n`);
}

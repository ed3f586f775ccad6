import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generate, root } from "../../tools/codegen/generate.mjs";

describe("generated SDK", () => {
  it("matches schema.graphql and src/sdk/operations (if not: npm run gen:sdk)", async () => {
    const outputs = await generate();
    expect(outputs.length).toBeGreaterThan(0);
    for (const { filename, content } of outputs) {
      expect(readFileSync(join(root, filename), "utf8"), `${filename} is stale: run \`npm run gen:sdk\``).toBe(content);
    }
  });
});

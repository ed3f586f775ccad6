import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { generate } from "../../tools/codegen/generate.mjs";
import { ensureConsoleBuilt, root } from "./browser.js";

const BUDGET = 400 * 1024;

describe("console build", () => {
  it("has typed operations matching schema.graphql and console/operations (if not: npm run gen:console)", async () => {
    const outputs: { filename: string; content: string }[] = await generate("console/codegen.yml");
    expect(outputs.length).toBe(1);
    for (const { filename, content } of outputs) {
      expect(readFileSync(join(root, filename), "utf8"), `${filename} is stale: run \`npm run gen:console\``).toBe(content);
    }
  });

  it(`loads its first view in under ${BUDGET / 1024} KB gzip, all from its own files`, () => {
    ensureConsoleBuilt();
    const dir = join(root, "dist", "console");
    const html = readFileSync(join(dir, "index.html"), "utf8");
    // What the browser fetches before the first view renders: the page and every script, preload and stylesheet it names.
    const refs = [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((r) => !r.startsWith("data:"));
    expect(refs.some((r) => r.endsWith(".js"))).toBe(true);
    for (const r of refs) expect(r, "an asset from elsewhere").toMatch(/^\.?\/assets\//);
    const sizes = refs.map((r) => gzipSync(readFileSync(join(dir, r))).length);
    const total = gzipSync(html).length + sizes.reduce((a, b) => a + b, 0);
    console.log(`console first view: ${(total / 1024).toFixed(1)} KB gzip (${refs.length + 1} files)`);
    expect(total).toBeLessThan(BUDGET);
  });
});

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generate } from "@graphql-codegen/cli";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("generated SDK", () => {
  it("matches schema.graphql and src/sdk/operations (if not: npm run gen:sdk)", async () => {
    const config = parse(readFileSync(`${root}codegen.yml`, "utf8"));
    const outputs: { filename: string; content: string }[] = await generate({ ...config, cwd: root, silent: true }, false);
    expect(outputs.length).toBeGreaterThan(0);
    for (const { filename, content } of outputs) {
      const path = filename.startsWith("/") ? filename : `${root}${filename}`;
      expect(readFileSync(path, "utf8"), `${filename} is stale: run \`npm run gen:sdk\``).toBe(content);
    }
  });
});

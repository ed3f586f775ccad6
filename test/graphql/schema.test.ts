import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { printFedplaneSchema } from "../../src/graphql/schema.js";

describe("schema.graphql", () => {
  it("matches the resolvers (if not: npm run gen:schema, then npm run gen:sdk)", () => {
    const committed = readFileSync(new URL("../../schema.graphql", import.meta.url), "utf8");
    expect(printFedplaneSchema(), "schema.graphql is stale: run `npm run gen`").toBe(committed);
  });
});

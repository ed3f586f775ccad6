import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFedplane, type TestFedplane } from "../support/fedplane.js";

describe("HTTP server: caching", () => {
  let fp: TestFedplane;
  beforeAll(async () => {
    fp = await startTestFedplane({ embeddedClusters: 0 });
  });
  afterAll(async () => {
    await fp?.stop();
  });

  it("tells proxies and browsers not to store GraphQL answers, successful or not", async () => {
    for (const query of ["{ serverInfo { version } }", "{ nope }"]) {
      const response = await fetch(fp.app.url, { method: "POST", headers: { "content-type": "application/json", ...fp.authHeaders }, body: JSON.stringify({ query }) });
      await response.text();
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
  });
});

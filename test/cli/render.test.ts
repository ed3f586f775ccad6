import { describe, expect, it } from "vitest";
import { renderCheck, type CheckAnswer } from "../../src/cli/render/check.js";
import { table } from "../../src/cli/render/table.js";
import type { Style } from "../../src/cli/style.js";

const plain: Style = { tty: false, ok: (s) => s, error: (s) => s, warn: (s) => s, dim: (s) => s, bold: (s) => s };
const item = (name: string, errors: string[] = [], warnings: string[] = [], skipped: string | null = null) => ({
  name,
  ok: errors.length + warnings.length === 0,
  skipped,
  errors: errors.map((message) => ({ message })),
  warnings: warnings.map((message) => ({ message })),
});

describe("CLI output", () => {
  it("prints glooctl's lines per cluster and instance, findings under their item, and the verdict", () => {
    const answer: CheckAnswer = {
      ok: false,
      errorCount: 1,
      warningCount: 1,
      clusters: [
        {
          cluster: "east",
          items: [item("Connection"), item("Gloo Instances")],
          instances: [
            {
              name: "east-gloo-system",
              items: [
                item("Deployments"),
                item("Upstreams", ["Found rejected upstream by 'gloo-system': default my-us (Reason: bad)"], ["Found upstream with no status: default new"]),
                item("Secrets", [], [], "fedplane may not read secrets in cluster east"),
              ],
            },
          ],
        },
      ],
    };
    expect(renderCheck(answer, plain)).toBe(
      [
        "Checking cluster east...",
        "  Checking Connection... OK",
        "  Checking Gloo Instances... OK",
        "Checking Gloo Instance east-gloo-system...",
        "  Checking Deployments... OK",
        "  Checking Upstreams... 1 Errors, 1 Warnings!",
        "    Found rejected upstream by 'gloo-system': default my-us (Reason: bad)",
        "    Found upstream with no status: default new",
        "  Checking Secrets... Skipped (fedplane may not read secrets in cluster east)",
        "Problems detected: 1 error, 1 warning.",
        "",
      ].join("\n"),
    );
    expect(renderCheck({ ok: true, errorCount: 0, warningCount: 0, clusters: [] }, plain)).toBe("No registered clusters to check.\nNo problems detected.\n");
  });

  it("aligns table columns, ignoring colour codes", () => {
    expect(table(["NAME", "READY", "LAST ERROR"], [["east", "\x1b[32mTrue\x1b[39m", ""], ["a-long-name", "False", "boom"]])).toBe(
      ["NAME          READY   LAST ERROR", "east          \x1b[32mTrue\x1b[39m", "a-long-name   False   boom", ""].join("\n"),
    );
  });
});

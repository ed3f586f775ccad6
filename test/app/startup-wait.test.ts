import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/app/logger.js";
import { loggedWait } from "../../src/app/startup-wait.js";
import { eventually } from "../support/eventually.js";

describe("start-up waits are never silent", () => {
  it("names what it waits for, then keeps saying so with what is known, and stops when done", async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "info", format: "json", write: (l) => lines.push(l) });
    let finish!: () => void;
    const work = new Promise<void>((resolve) => (finish = resolve));
    const waiting = loggedWait(logger, "the federated resources of every kind on the admin cluster", work, () => "federatedupstreams.fed.gloo.solo.io (Forbidden)", {
      firstMs: 20,
      everyMs: 20,
    });
    await eventually(() => expect(lines.length).toBeGreaterThanOrEqual(2));
    expect(JSON.parse(lines[0])).toMatchObject({ msg: "waiting for the federated resources of every kind on the admin cluster", detail: "federatedupstreams.fed.gloo.solo.io (Forbidden)" });
    expect(JSON.parse(lines[1]).msg).toBe("still waiting for the federated resources of every kind on the admin cluster");
    finish();
    await waiting;
    const count = lines.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(lines.length).toBe(count);
  });

  it("says nothing about a step that does not wait", async () => {
    const lines: string[] = [];
    await loggedWait(createLogger({ write: (l) => lines.push(l) }), "nothing", Promise.resolve(), undefined, { firstMs: 20 });
    await new Promise((r) => setTimeout(r, 40));
    expect(lines).toEqual([]);
  });
});

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { EmbeddedWorld } from "../../../src/cluster/embedded/world.js";
import { isNotFound } from "../../../src/cluster/errors.js";
import { Upstream } from "../../conformance/fixtures.js";

const writer = fileURLToPath(new URL("./kill9-writer.ts", import.meta.url));
const ACKS_BEFORE_KILL = 300;

/** Runs the writer until it has acknowledged `acks` writes, then SIGKILLs it. Resolves with every ACK line. */
function runAndKill(dataDir: string, prefix: string, acks: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", writer, dataDir, prefix], { stdio: ["ignore", "pipe", "pipe"] });
    const lines: string[] = [];
    let seen = 0;
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (line.startsWith("INTENT ")) lines.push(line);
      if (line.startsWith("ACK ") && lines.push(line) && ++seen === acks) child.kill("SIGKILL");
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (signal === "SIGKILL") resolve(lines);
      else reject(new Error(`the writer exited (${code}) before it was killed: ${stderr}`));
    });
  });
}

describe("embedded world durability under kill -9", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("every write acknowledged before SIGKILL is there after reopening, with its resourceVersion", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "fedplane-kill9-"));
    dirs.push(dataDir);
    const acked = new Map<string, string | "deleted">();
    const unsure = new Set<string>();
    // Two rounds: the second one replays the first one's journal and snapshot, then is killed too.
    for (const round of ["r0", "r1"]) {
      for (const line of await runAndKill(dataDir, round, ACKS_BEFORE_KILL)) {
        const [kind, op, name, rv] = line.split(" ");
        if (kind === "INTENT") unsure.add(name);
        else {
          unsure.delete(name);
          acked.set(name, op === "delete" ? "deleted" : rv);
        }
      }
    }
    for (const name of unsure) acked.delete(name); // its delete was under way at the kill: either outcome is right
    expect(acked.size).toBeGreaterThan(ACKS_BEFORE_KILL);

    const world = await EmbeddedWorld.open({ dataDir });
    try {
      const client = world.client("victim");
      let highest = 0;
      for (const [name, expected] of acked) {
        if (expected === "deleted") {
          const err = await client.get(Upstream, "gloo-system", name).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(isNotFound(err), `${name} should be deleted`).toBe(true);
        } else {
          const obj = await client.get(Upstream, "gloo-system", name);
          expect(obj.metadata.resourceVersion, name).toBe(expected);
          highest = Math.max(highest, Number(expected));
        }
      }
      expect(world.revision("victim")).toBeGreaterThanOrEqual(highest);
    } finally {
      await world.close();
    }
  }, 60_000);
});

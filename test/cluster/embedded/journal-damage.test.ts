import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { encodeLine } from "../../../src/cluster/embedded/journal-records.js";
import { EmbeddedWorld } from "../../../src/cluster/embedded/world.js";
import { core } from "../../../src/cluster/resource-type.js";
import { upstream, Upstream } from "../../conformance/fixtures.js";

/**
 * Each kind of damage to a data directory, as a disk, a crash or a person can do it: the world refuses to start (an
 * error naming file and position and what to do) or, for a damaged tail of the newest journal only, cuts it off with
 * a loud warning and keeps the bytes. Nothing is loaded silently, nothing starts empty, no message quotes content.
 */
const SECRET = "c3VwZXItc2VjcmV0LXRva2Vu"; // what a kubeconfig Secret holds: must never appear in a message

describe("embedded world: damaged data directories", () => {
  let dataDir: string;
  let warnings: string[];
  const open: EmbeddedWorld[] = [];
  const openWorld = async (options: { compactAfterBytes?: number } = {}) => {
    const world = await EmbeddedWorld.open({ dataDir, warn: (m) => warnings.push(m), ...options });
    open.push(world);
    return world;
  };
  const files = () => readdirSync(dataDir).sort();
  const journalPath = () => join(dataDir, files().filter((f) => /^world\.journal\.\d+$/.test(f)).pop()!);
  const openError = async () => {
    const err = await EmbeddedWorld.open({ dataDir, warn: (m) => warnings.push(m) }).then(
      (w) => {
        open.push(w);
        return new Error("the world opened");
      },
      (e: unknown) => e as Error,
    );
    expect(err.name).toBe("JournalError");
    expect(err.message).not.toContain(SECRET);
    return err.message;
  };

  /** A world with a cluster, a Secret and two Upstreams, closed. */
  async function populated(options: { compact?: boolean } = {}): Promise<void> {
    const world = await openWorld();
    world.createCluster("a", { namespaces: ["gloo-system"] });
    const client = world.client("a");
    await client.create(core.secrets, { apiVersion: "v1", kind: "Secret", metadata: { name: "kubeconfig", namespace: "gloo-system" }, data: { kubeconfig: SECRET } });
    await client.create(Upstream, upstream("gloo-system", "u1"));
    if (options.compact) await world.compact();
    await client.create(Upstream, upstream("gloo-system", "u2"));
    await world.close();
    open.length = 0;
  }

  /** Changes one byte of the line that contains `needle`, at `at` characters into it. */
  function flipByte(file: string, needle: string, at = 20): number {
    const text = readFileSync(file, "latin1");
    const lineStart = text.lastIndexOf("\n", text.indexOf(needle)) + 1;
    const i = lineStart + at;
    writeFileSync(file, text.slice(0, i) + (text[i] === "x" ? "y" : "x") + text.slice(i + 1), "latin1");
    return lineStart;
  }

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "fedplane-damage-"));
    warnings = [];
  });
  afterEach(async () => {
    for (const w of open.splice(0)) await w.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("a changed byte inside a record with intact records after it is refused, naming file and byte offset", async () => {
    await populated();
    const file = journalPath();
    const offset = flipByte(file, SECRET);
    const message = await openError();
    expect(message).toContain(`${file}: the record at byte ${offset}`);
    expect(message).toContain("intact record(s) follow it");
    expect(message).toContain(`truncate -s ${offset} ${file}`);
  });

  it("a damaged tail of the newest journal is cut off loudly, its bytes kept beside it", async () => {
    await populated();
    const file = journalPath();
    const before = readFileSync(file);
    const offset = flipByte(file, '"name":"u2"'); // the last record
    const damagedBytes = readFileSync(file).subarray(offset);
    const world = await openWorld();
    expect((await world.client("a").list(Upstream)).items.map((o) => o.metadata.name)).toEqual(["u1"]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${file} ends in a damaged record at byte ${offset}`);
    expect(warnings[0]).toContain("1 record(s) lost");
    expect(warnings[0]).not.toContain(SECRET);
    const kept = files().find((f) => f.startsWith(`${file.split("/").pop()}.damaged-`));
    expect(kept).toBeDefined();
    expect(warnings[0]).toContain(join(dataDir, kept!));
    expect(readFileSync(join(dataDir, kept!))).toEqual(damagedBytes);
    expect(readFileSync(file)).toEqual(before.subarray(0, offset));
    // Writing carries on after the cut, and the next start is clean.
    await world.client("a").create(Upstream, upstream("gloo-system", "u3"));
    await world.close();
    open.length = 0;
    const again = await openWorld();
    expect((await again.client("a").list(Upstream)).items.map((o) => o.metadata.name)).toEqual(["u1", "u3"]);
    expect(warnings).toHaveLength(1);
  });

  it("a torn last record (a crash mid-write) is cut off loudly, counting the records lost", async () => {
    await populated();
    const file = journalPath();
    const size = readFileSync(file).length;
    appendFileSync(file, "0badc0de\tP\ta\tx\n0badc0de\tP\ta\tups"); // two records written, neither complete on disk
    const world = await openWorld();
    expect((await world.client("a").list(Upstream)).items.map((o) => o.metadata.name)).toEqual(["u1", "u2"]);
    expect(warnings[0]).toContain(`ends in a damaged record at byte ${size}`);
    expect(warnings[0]).toContain("2 record(s) lost");
  });

  it("an emptied journal is refused: an initialised directory never starts empty", async () => {
    await populated();
    truncateSync(journalPath(), 0);
    expect(await openError()).toMatch(/world\.journal\.0 is empty, .* the file was emptied; restore the data directory from a backup/);
  });

  it("a deleted journal is refused, naming it", async () => {
    await populated();
    rmSync(journalPath());
    expect(await openError()).toMatch(/world\.journal\.0 is missing, but the data directory was initialised \(world\.id\)/);
  });

  it("a deleted journal after a snapshot is refused: it held every write since the snapshot", async () => {
    await populated({ compact: true });
    rmSync(journalPath());
    expect(await openError()).toMatch(/world\.journal\.1 is missing, .* every write since the snapshot/);
  });

  it("a deleted or emptied snapshot is refused", async () => {
    await populated({ compact: true });
    const snapshot = join(dataDir, "world.snapshot");
    const saved = readFileSync(snapshot);
    truncateSync(snapshot, 0);
    expect(await openError()).toContain(`${snapshot} is empty, but the data directory was initialised (world.id): the snapshot was emptied`);
    rmSync(snapshot);
    expect(await openError()).toContain(`${snapshot} is missing`);
    writeFileSync(snapshot, saved);
    const world = await openWorld();
    expect((await world.client("a").list(Upstream)).items.map((o) => o.metadata.name)).toEqual(["u1", "u2"]);
  });

  it("a changed byte in the snapshot is refused, naming the position", async () => {
    await populated({ compact: true });
    const snapshot = join(dataDir, "world.snapshot");
    const offset = flipByte(snapshot, SECRET);
    expect(await openError()).toContain(`${snapshot}: the record at byte ${offset}`);
  });

  it("a record with a right checksum but unloadable content is refused without quoting it", async () => {
    await populated();
    appendFileSync(journalPath(), encodeLine(`P\ta\tsecrets/v1\t{"kind":"${SECRET}",}`));
    expect(await openError()).toMatch(/the record at byte \d+ \(line \d+\) cannot be loaded: its object is not valid JSON/);
  });

  it("a format-1 directory (before checksums) is read and rewritten in format 2", async () => {
    const object = JSON.stringify({ ...upstream("gloo-system", "old"), metadata: { name: "old", namespace: "gloo-system", uid: "u-1", resourceVersion: "7" } });
    writeFileSync(join(dataDir, "world.journal.0"), `C\ta\t0\nP\ta\tupstreams.gloo.solo.io/v1\t${object}\n`);
    const world = await openWorld();
    expect((await world.client("a").get(Upstream, "gloo-system", "old")).metadata.resourceVersion).toBe("7");
    expect(files()).toContain("world.id");
    expect(files()).toContain("world.snapshot");
    expect(readFileSync(join(dataDir, "world.snapshot"), "utf8")).toMatch(/^[0-9a-f]{8}\tS\t2\t/);
    await world.close();
    open.length = 0;
    await openWorld();
    expect(warnings).toEqual([]);
  });
});

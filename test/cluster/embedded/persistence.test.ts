import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EmbeddedWorld } from "../../../src/cluster/embedded/world.js";
import { upstream, Upstream } from "../../conformance/fixtures.js";

describe("embedded world persistence", () => {
  let dataDir: string;
  const open: EmbeddedWorld[] = [];
  const openWorld = async (options: { compactAfterBytes?: number } = {}) => {
    const world = await EmbeddedWorld.open({ dataDir, warn: () => undefined, ...options });
    open.push(world);
    return world;
  };
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "fedplane-world-"));
  });
  afterEach(async () => {
    for (const w of open.splice(0)) await w.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps clusters, objects and revisions across a reopen; removed clusters stay removed", async () => {
    const w1 = await openWorld();
    w1.createCluster("a", { namespaces: ["gloo-system"] });
    w1.createCluster("b");
    w1.createCluster("gone");
    const created = await w1.client("a").create(Upstream, upstream("gloo-system", "u"));
    w1.removeCluster("gone");
    const revA = w1.revision("a");
    const revB = w1.revision("b");
    await w1.close();

    const w2 = await openWorld();
    expect(w2.clusterNames()).toEqual(["a", "b"]);
    expect(await w2.client("a").get(Upstream, "gloo-system", "u")).toEqual(created);
    expect(w2.revision("a")).toBe(revA);
    expect(w2.revision("b")).toBe(revB);
    const next = await w2.client("a").patch(Upstream, "gloo-system", "u", { metadata: { labels: { x: "1" } } });
    expect(Number(next.metadata.resourceVersion)).toBe(revA + 1);
  });

  it("a re-created cluster starts empty", async () => {
    const w1 = await openWorld();
    w1.createCluster("a", { namespaces: ["gloo-system"] });
    await w1.client("a").create(Upstream, upstream("gloo-system", "u"));
    w1.removeCluster("a");
    w1.createCluster("a", { namespaces: ["gloo-system"] });
    await w1.close();
    const w2 = await openWorld();
    expect((await w2.client("a").list(Upstream)).items).toEqual([]);
  });

  it("compacts the journal into a snapshot and reopens from it, resourceVersions carrying on", async () => {
    const w1 = await openWorld({ compactAfterBytes: 4096 });
    w1.createCluster("a", { namespaces: ["gloo-system"] });
    const client = w1.client("a");
    for (let i = 0; i < 40; i++) await client.create(Upstream, upstream("gloo-system", `u${i}`));
    for (let i = 0; i < 20; i++) await client.delete(Upstream, "gloo-system", `u${i}`);
    await w1.compact();
    const files = readdirSync(dataDir);
    expect(files).toContain("world.snapshot");
    expect(files.filter((f) => f.startsWith("world.journal."))).toHaveLength(1); // the journals the snapshot replaced are gone
    const rev = w1.revision("a");
    await w1.close();

    const w2 = await openWorld();
    const names = (await w2.client("a").list(Upstream)).items.map((o) => o.metadata.name);
    expect(names).toHaveLength(20);
    expect(names).not.toContain("u0");
    expect(w2.revision("a")).toBe(rev);
  });

  it("keeps the write that triggered a compaction (the snapshot is taken after it is applied)", async () => {
    const w1 = await openWorld({ compactAfterBytes: 1 }); // every write compacts
    w1.createCluster("a", { namespaces: ["gloo-system"] });
    const client = w1.client("a");
    for (let i = 0; i < 20; i++) await client.create(Upstream, upstream("gloo-system", `u${i}`));
    await w1.close();
    const w2 = await openWorld();
    expect((await w2.client("a").list(Upstream)).items).toHaveLength(20);
  });

  it("tolerates a torn last line (a crash during a write that was never acknowledged)", async () => {
    const w1 = await openWorld();
    w1.createCluster("a", { namespaces: ["gloo-system"] });
    await w1.client("a").create(Upstream, upstream("gloo-system", "u"));
    await w1.close();
    const journal = readdirSync(dataDir).find((f) => f.startsWith("world.journal."))!;
    appendFileSync(join(dataDir, journal), 'P\ta\tupstreams.gloo.solo.io/v1\t{"apiVersion":"gloo.solo.io/v1","kind":"Ups');

    const w2 = await openWorld();
    expect((await w2.client("a").list(Upstream)).items.map((o) => o.metadata.name)).toEqual(["u"]);
    await w2.client("a").create(Upstream, upstream("gloo-system", "v"));
    await w2.close();
    const w3 = await openWorld();
    expect((await w3.client("a").list(Upstream)).items.map((o) => o.metadata.name)).toEqual(["u", "v"]);
  });

  it("refuses a damaged journal line followed by intact ones, with a message saying what to do", async () => {
    const w1 = await openWorld();
    w1.createCluster("a");
    await w1.close();
    const journal = join(dataDir, readdirSync(dataDir).find((f) => f.startsWith("world.journal."))!);
    const text = readFileSync(journal, "utf8");
    const second = text.indexOf("\n") + 1; // the first record after the header
    writeFileSync(journal, text.slice(0, second + 12) + (text[second + 12] === "a" ? "b" : "a") + text.slice(second + 13));
    await expect(EmbeddedWorld.open({ dataDir })).rejects.toThrow(
      new RegExp(`the record at byte ${second} \\(line 2\\) is damaged .* restore the data directory from a backup`),
    );
  });

  it("one data directory is opened by one world at a time", async () => {
    await openWorld();
    await expect(EmbeddedWorld.open({ dataDir })).rejects.toThrow(/is in use by process \d+ \(this process\)/);
  });

  it("takes over a lock left by a dead process, even one that had our pid (a container's PID 1)", async () => {
    const w1 = await openWorld();
    w1.createCluster("a");
    await w1.close();
    writeFileSync(join(dataDir, "world.lock"), String(process.pid));
    const w2 = await openWorld();
    expect(w2.clusterNames()).toEqual(["a"]);
  });

  it("in-memory worlds write nothing", async () => {
    const world = await EmbeddedWorld.open();
    world.createCluster("a");
    expect(world.dataDir).toBeUndefined();
    await world.close();
  });
});

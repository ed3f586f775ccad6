// Measures acknowledged writes per second of a persisted embedded world (not a test: run it by hand).
//   node --import tsx test/cluster/embedded/journal-throughput.script.ts [writes] [concurrency...]
// Each writer creates Upstreams one after the other, waiting for each answer; writers run side by side. Both sync
// policies are measured, alternately, so a busy machine skews them alike.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmbeddedWorld } from "../../../src/cluster/embedded/world.js";
import { upstream, Upstream } from "../../conformance/fixtures.js";

const total = Number(process.argv[2] ?? 4000);
const levels = process.argv.slice(3).map(Number);

async function measure(concurrency: number, sync: "commit" | "os"): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), "fedplane-throughput-"));
  const world = await EmbeddedWorld.open({ dataDir, sync });
  try {
    world.createCluster("c", { namespaces: ["gloo-system"] });
    const client = world.client("c");
    const perWriter = Math.ceil(total / concurrency);
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        for (let i = 0; i < perWriter; i++) await client.create(Upstream, upstream("gloo-system", `w${w}-${i}`));
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return (perWriter * concurrency) / seconds;
  } finally {
    await world.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const c of levels.length ? levels : [1, 16, 64]) {
  const rates = { commit: [] as number[], os: [] as number[] };
  for (let run = 0; run < 5; run++) for (const sync of ["os", "commit"] as const) rates[sync].push(await measure(c, sync));
  const [os, commit] = [median(rates.os), median(rates.commit)];
  console.log(`concurrency ${c}: sync=os ${Math.round(os)} writes/s, sync=commit ${Math.round(commit)} writes/s (medians of 5; ratio ${(os / commit).toFixed(2)})`);
}

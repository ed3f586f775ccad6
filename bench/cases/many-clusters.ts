import { fileURLToPath } from "node:url";
import type { FederatedObject } from "../../src/federation/resource.js";
import { OWNER_LABEL } from "../../src/federation/kinds.js";
import { Arrivals, observePlacedStatus } from "../lib/arrivals.js";
import { CountingClient, RequestCounter } from "../lib/call-counter.js";
import { runCase, type CaseContext } from "../lib/case.js";
import { until, wallMs } from "../lib/clock.js";
import { mapLimit } from "../lib/concurrency.js";
import { clustersReady, startFedplane } from "../lib/fedplane.js";
import { federatedUpstream, numbered, upstreamKind } from "../lib/fixtures.js";
import { ResourceMeter } from "../lib/resources.js";
import { single, summarize } from "../lib/stats.js";
import { Worker } from "../lib/worker.js";
import type { EmbeddedFloorWorker } from "../workers/embedded-floor.js";

const NAMESPACE = "gloo-system";
const WORKERS = 16; // fedplane's reconciler default
const FLEET = "Fleet: 50 clusters x 50 bundles = 2,550 deployments ready in about 50 s";
const GIB = 1024;

/**
 * fedplane with N embedded clusters (`fedplane serve --no-simulated-gloo`: registry, reconciler, health, API), M
 * FederatedUpstreams placed to all clusters ("*"): time until all are PLACED, CPU time and peak RSS of the process
 * meanwhile; then template changes, each re-rolled to every cluster. Baseline: the same objects written directly into
 * a fresh embedded world in a process of its own.
 *
 * With --simulated-gloo (the case "many-clusters-sandbox"), the sandbox's simulated Gloo runs in every cluster, as in
 * `npm start`: it validates every placed object and writes a Gloo status on it, in fedplane's process. That is not
 * fedplane's work in production (Gloo runs in the member clusters), so the goals are judged without it.
 */
const simulated = process.argv.includes("--simulated-gloo");

runCase(async (ctx: CaseContext) => {
  const clusters = ctx.quick ? 50 : 1000;
  const resources = ctx.quick ? 10 : 100;
  const changes = ctx.quick ? 2 : 5;
  const placements = clusters * resources;
  ctx.fact("size", `${clusters} embedded clusters x ${resources} federated resources = ${placements.toLocaleString("en-US")} placed objects; ${changes} template changes`);

  ctx.progress(`baseline: direct writes into ${clusters} embedded clusters (separate process)`);
  const floorWorker = new Worker<EmbeddedFloorWorker>(fileURLToPath(new URL("../workers/embedded-floor.ts", import.meta.url)), "embedded floor");
  ctx.defer(() => floorWorker.stop());
  const floor = await floorWorker.call("run", { clusters, resources, workers: WORKERS, namespace: NAMESPACE });
  await floorWorker.stop();
  ctx.progress(`baseline: ${placements} placed in ${floor.seconds.toFixed(1)} s, ${floor.cpuSeconds.toFixed(1)} s CPU, peak RSS ${Math.round(floor.peakRssMiB)} MiB`);

  ctx.progress(`starting fedplane with ${clusters} embedded clusters`);
  const startup = new ResourceMeter();
  const t = wallMs();
  const calls = new RequestCounter();
  const app = await startFedplane(ctx, {
    embeddedClusters: clusters,
    localCluster: false,
    simulateGloo: simulated,
    instrumentClient: (c) => new CountingClient(c, calls),
  });
  const names = Array.from({ length: clusters }, (_, i) => `cluster-${i + 1}`);
  await clustersReady(app, names, 600_000);
  const started = startup.stop();
  ctx.fact("fedplane start with the clusters registered", `${((wallMs() - t) / 1000).toFixed(1)} s, RSS ${Math.round(started.peakRssMiB)} MiB`);

  const admin = app.backend.admin;
  const arrivals = new Arrivals();
  const watch = await observePlacedStatus(admin, upstreamKind.type, arrivals);
  ctx.defer(() => watch.stop());
  const objects = Array.from({ length: resources }, (_, i) => federatedUpstream(numbered("many", i), ["*"], [NAMESPACE]));

  const events = new Map<string, number>();
  app.services.federation.onPlacementChanged((e) => {
    const key = `${e.placementStatus.state}${e.placementStatus.message ? ` (${e.placementStatus.message.slice(0, 80)})` : ""}`;
    events.set(key, (events.get(key) ?? 0) + 1);
  });
  const clusterEvents = new Map<string, number>();
  app.services.clusters.onEvent((e) => {
    const key = e.type === "changed" ? `changed (${e.changes.join(", ")})` : e.type;
    clusterEvents.set(key, (clusterEvents.get(key) ?? 0) + 1);
  });
  const tally = (m: Map<string, number>) => [...m].map(([k, n]) => `${k}: ${n}`).join("; ") || "none";
  ctx.progress(`creating ${resources} federated resources placed to all ${clusters} clusters`);
  const before = calls.snapshot();
  const meter = new ResourceMeter();
  const t0 = wallMs();
  const doneAt: number[] = [];
  const waits = objects.map((o) =>
    arrivals.waitFor([`${NAMESPACE}/${o.metadata.name}@1`], 1_500_000, `${o.metadata.name} PLACED`).then((at) => doneAt.push(at - t0)),
  );
  await Promise.all(objects.map((o) => admin.create(upstreamKind.type, o)));
  const progress = setInterval(() => ctx.progress(`${doneAt.length}/${resources} PLACED after ${((wallMs() - t0) / 1000).toFixed(0)} s`), 10_000);
  await Promise.all(waits).finally(() => clearInterval(progress));
  const seconds = (wallMs() - t0) / 1000;
  // PLACED is written from fedplane's own writes; its watch caches of the member clusters catch up afterwards. A
  // template change applied before they have is judged against stale cache entries (see bench/FINDINGS.md).
  const members = app.federation.members;
  await until(
    "fedplane's member caches to hold every placed object",
    () => names.every((c) => objects.every((o) => members.get(c, upstreamKind.target, NAMESPACE, o.metadata.name) !== undefined)),
    600_000,
    200,
  );
  const settled = (wallMs() - t0) / 1000 - seconds;
  const used = meter.stop();
  ctx.progress(`${placements} placed in ${seconds.toFixed(1)} s, in fedplane's caches ${settled.toFixed(1)} s later; ${used.cpuSeconds.toFixed(1)} s CPU, peak RSS ${Math.round(used.peakRssMiB)} MiB`);
  ctx.fact("API calls while placing", calls.since(before).text);
  ctx.fact("placement events while placing", tally(events));
  ctx.fact("cluster events while placing", tally(clusterEvents));
  events.clear();
  clusterEvents.clear();
  const afterPlacing = calls.snapshot();
  ctx.fact("verified", await verify(app, names, objects, 8080));

  const rerolls: number[] = [];
  for (let i = 0; i < changes; i++) {
    const name = objects[i].metadata.name;
    const current = await admin.get<FederatedObject>(upstreamKind.type, NAMESPACE, name);
    const template = current.spec!.template!;
    const changed = { ...current, spec: { ...current.spec, template: { ...template, spec: { static: { hosts: [{ addr: `${name}.example.internal`, port: 9090 }] } } } } };
    const start = wallMs();
    const updated = await admin.update<FederatedObject>(upstreamKind.type, changed);
    const at = await arrivals.waitFor([`${NAMESPACE}/${name}@${updated.metadata.generation}`], 600_000, `${name} re-rolled`);
    rerolls.push(at - start);
    ctx.progress(`template change ${i + 1}/${changes}: PLACED in all ${clusters} clusters after ${(at - start).toFixed(0)} ms`);
  }
  ctx.fact("API calls after placing, through the template changes", calls.since(afterPlacing).text);
  ctx.fact("placement events after placing", tally(events));
  ctx.fact("cluster events after placing", tally(clusterEvents));
  ctx.fact("verified after the template changes", await verify(app, names, objects.slice(0, changes), 9090));

  const total = single(seconds);
  ctx.record({
    id: "many.all-placed",
    title: `${resources} federated resources x ${clusters} clusters (${placements.toLocaleString("en-US")} placed objects) → all PLACED${simulated ? ", with the simulated Gloo" : ""}`,
    unit: "s",
    better: "lower",
    fedplane: total,
    baseline: { label: "direct writes into embedded clusters, 16 at a time", summary: single(floor.seconds) },
    note: `${Math.round(placements / seconds).toLocaleString("en-US")} placed objects/s.`,
    // The goals are for the full size; quick runs only keep the code paths alive.
    goal: ctx.quick || simulated ? undefined : { text: "100,000 placements < 60 s", met: seconds < 60, measured: `${seconds.toFixed(1)} s` },
    anchor: FLEET,
  });
  ctx.record({
    id: "many.per-resource",
    title: "creation → each federated resource PLACED in every cluster",
    unit: "s",
    better: "lower",
    fedplane: summarize(doneAt.map((ms) => ms / 1000)),
    baseline: { label: "direct writes", summary: summarize(floor.perObjectMs.map((ms) => ms / 1000)) },
  });
  ctx.record({
    id: "many.cpu",
    title: "CPU time of the process, placing until the caches caught up (user + system)",
    unit: "s CPU",
    better: "lower",
    fedplane: single(used.cpuSeconds),
    baseline: { label: "direct writes", summary: single(floor.cpuSeconds) },
  });
  ctx.record({
    id: "many.rss",
    title: "peak RSS of the process, placing until the caches caught up",
    unit: "MiB",
    better: "lower",
    fedplane: single(used.peakRssMiB),
    baseline: { label: "direct writes (an embedded world alone)", summary: single(floor.peakRssMiB) },
    goal: ctx.quick || simulated ? undefined : { text: "100,000 placements < 2 GiB RSS", met: used.peakRssMiB < 2 * GIB, measured: `${Math.round(used.peakRssMiB)} MiB` },
  });
  ctx.record({
    id: "many.settled",
    title: "last PLACED → fedplane's member-cluster watch caches hold every placed object",
    unit: "s",
    better: "lower",
    fedplane: single(settled),
  });
  ctx.record({
    id: "many.reroll",
    title: `one template change (after the caches caught up) → PLACED again in all ${clusters} clusters`,
    unit: "ms",
    better: "lower",
    fedplane: summarize(rerolls),
  });
});

/** Counts, in every cluster, the placed objects of `objects` carrying the expected port (read straight from the world). */
async function verify(app: Awaited<ReturnType<typeof startFedplane>>, clusters: string[], objects: FederatedObject[], port: number): Promise<string> {
  const world = app.backend.world!;
  const wanted = new Set(objects.map((o) => o.metadata.name));
  let found = 0;
  await mapLimit(clusters, 16, async (name) => {
    const { items } = await world.client(name, { faults: false }).list(upstreamKind.target, { namespace: NAMESPACE, labelSelector: OWNER_LABEL });
    found += items.filter((o) => wanted.has(o.metadata.name) && o.spec?.static?.hosts?.[0]?.port === port).length;
  });
  const expected = clusters.length * objects.length;
  return `${found.toLocaleString("en-US")} of ${expected.toLocaleString("en-US")} placed objects in the clusters with port ${port}`;
}

import { fileURLToPath } from "node:url";
import { KubernetesClusterClient } from "../../src/cluster/kubernetes/client.js";
import { ensureNamespace } from "../../src/cluster/namespaces.js";
import { FEDERATION_NAMESPACE } from "../../src/federation/kinds.js";
import { Arrivals, memberKey, observeMembers, observePlacedStatus } from "../lib/arrivals.js";
import { runCase, type CaseContext } from "../lib/case.js";
import { ClientNodeWriter } from "../lib/client-node-floor.js";
import { sleep, wallMs } from "../lib/clock.js";
import { controlPlanes } from "../lib/control-planes.js";
import { DirectPlacer } from "../lib/direct-placer.js";
import { authHeaders, clustersReady, registerControlPlanes, startFedplane } from "../lib/fedplane.js";
import { federatedUpstream, numbered, PLACEMENT_NAMESPACES, upstreamKind } from "../lib/fixtures.js";
import type { Measurement } from "../lib/measurement.js";
import { removeBenchObjects } from "../lib/cleanup.js";
import { summarize } from "../lib/stats.js";
import { placementSubscription, placedKey } from "../lib/subscriptions.js";
import { Worker } from "../lib/worker.js";
import type { WsClientsWorker } from "../workers/ws-clients.js";

const FLOOR_NAMESPACE = "bench-floor";
const KARMADA = "Karmada v1.3, 100 clusters, create → present in member: P50/P90/P99 706/899/1298 ms";

/**
 * One FederatedUpstream at a time, placed into 2 workload control planes x 2 namespaces; per sample, the time from the
 * create request to (a) every member object existing (seen by watches on the workload clusters), (b) PLACED seen by a
 * placementStatusChanged subscriber over graphql-ws, (c) the PLACED status seen on the admin cluster. The floors do
 * the same writes directly with client-node, observed by the same watches.
 */
runCase(async (ctx: CaseContext) => {
  const samples = ctx.quick ? 20 : 200;
  const warmup = ctx.quick ? 3 : 10;
  ctx.fact("samples", `${samples} sequential (after ${warmup} warm-up), 2 clusters x 2 namespaces each`);

  const planes = await controlPlanes(ctx, 2);
  const clusters = planes.workloads.map((p) => p.name);
  const admin = KubernetesClusterClient.fromFile(planes.admin.name, planes.admin.kubeconfigPath);
  ctx.defer(() => admin.close());
  for (const ns of [FEDERATION_NAMESPACE, FLOOR_NAMESPACE]) await ensureNamespace(admin, ns);
  const arrivals = new Arrivals();
  for (const plane of planes.workloads) {
    const client = KubernetesClusterClient.fromFile(plane.name, plane.kubeconfigPath);
    ctx.defer(() => client.close());
    for (const ns of PLACEMENT_NAMESPACES) await ensureNamespace(client, ns);
    const watch = await observeMembers(client, upstreamKind.target, arrivals);
    ctx.defer(() => watch.stop());
  }
  const adminWatch = await observePlacedStatus(admin, upstreamKind.type, arrivals);
  ctx.defer(() => adminWatch.stop());

  const membersOf = (name: string) => clusters.flatMap((c) => PLACEMENT_NAMESPACES.map((ns) => memberKey(c, ns, name)));
  const statusOf = (namespace: string, name: string) => `${namespace}/${name}@1`;

  // The floors, before fedplane runs (it would reconcile their federated objects too); alternating, so that a change in
  // machine load hits both alike.
  const floors = [new DirectPlacer(planes, true), new DirectPlacer(planes, false)];
  const floorTimes = floors.map(() => ({ members: [] as number[], placed: [] as number[] }));
  ctx.progress(`floors: ${samples} samples each (${floors.map((f) => f.label).join("; ")})`);
  for (let i = -warmup; i < samples; i++) {
    for (const [f, floor] of floors.entries()) {
      const name = numbered(`floor${f}`, i + warmup);
      const t0 = wallMs();
      await floor.place(federatedUpstream(name, clusters, PLACEMENT_NAMESPACES, FLOOR_NAMESPACE), clusters);
      const members = await arrivals.waitFor(membersOf(name), 30_000, `floor member objects of ${name}`);
      const placed = await arrivals.waitFor([statusOf(FLOOR_NAMESPACE, name)], 30_000, `floor status of ${name}`);
      if (i < 0) continue;
      floorTimes[f].members.push(members - t0);
      floorTimes[f].placed.push(placed - t0);
    }
    if (i >= 0 && (i + 1) % 50 === 0) ctx.progress(`floors: ${i + 1}/${samples}`);
  }
  await removeBenchObjects(ctx, planes, FLOOR_NAMESPACE, "floor");

  ctx.progress("starting fedplane against the admin control plane");
  const t = wallMs();
  const app = await startFedplane(ctx, { kubeconfig: planes.admin.kubeconfigPath });
  await registerControlPlanes(admin, planes.workloads);
  await clustersReady(app, clusters);
  ctx.fact("fedplane start + 2 clusters registered", `${((wallMs() - t) / 1000).toFixed(1)} s`);

  const subscriber = new Worker<WsClientsWorker>(fileURLToPath(new URL("../workers/ws-clients.ts", import.meta.url)), "subscriber");
  ctx.defer(() => subscriber.stop());
  const sub = placementSubscription({ namespace: FEDERATION_NAMESPACE });
  await subscriber.call("connect", { url: app.wsUrl, headers: authHeaders(app), count: 1, protocol: "graphql-ws", subscribe: sub.request, keyPaths: sub.keyPaths });
  const heard = new Map<string, number>();
  const subscriberSaw = async (key: string): Promise<number> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      for (const r of (await subscriber.call("collect")).receipts[0] ?? []) if (!heard.has(r.key)) heard.set(r.key, r.at);
      const at = heard.get(key);
      if (at !== undefined) return at;
      if (Date.now() > deadline) throw new Error(`the placementStatusChanged subscriber did not hear ${key} within 30 s; it heard ${[...heard.keys()].slice(-10).join(", ")}`);
      await sleep(2);
    }
  };

  const creator = new ClientNodeWriter(planes.admin.kubeconfigPath, true);
  const ours = { members: [] as number[], subscriber: [] as number[], status: [] as number[] };
  ctx.progress(`fedplane: ${samples} samples`);
  for (let i = -warmup; i < samples; i++) {
    const name = numbered("fp", i + warmup);
    const t0 = wallMs();
    await creator.create(upstreamKind.type, federatedUpstream(name, clusters));
    const members = await arrivals.waitFor(membersOf(name), 30_000, `member objects of ${name}`);
    const status = await arrivals.waitFor([statusOf(FEDERATION_NAMESPACE, name)], 30_000, `PLACED status of ${name}`);
    const heardPlaced = await subscriberSaw(placedKey(FEDERATION_NAMESPACE, name));
    if (i < 0) continue;
    ours.members.push(members - t0);
    ours.status.push(status - t0);
    ours.subscriber.push(heardPlaced - t0);
    if ((i + 1) % 50 === 0) ctx.progress(`fedplane: ${i + 1}/${samples}`);
  }

  const [keptAlive, shipped] = floors.map((f, i) => ({ label: f.label, members: summarize(floorTimes[i].members), placed: summarize(floorTimes[i].placed) }));
  const record = (m: Omit<Measurement, "unit" | "better">) => ctx.record({ unit: "ms", better: "lower", ...m });
  const members = summarize(ours.members);
  record({
    id: "placement.members",
    title: "create → member objects exist in 2 clusters x 2 namespaces (seen by watches)",
    fedplane: members,
    baseline: { label: keptAlive.label, summary: keptAlive.members },
    alsoMeasured: [{ label: shipped.label, summary: shipped.members }],
    anchor: KARMADA,
  });
  const heardSummary = summarize(ours.subscriber);
  const ratio = heardSummary.median / keptAlive.placed.median;
  record({
    id: "placement.placed",
    title: "create → PLACED heard by a placementStatusChanged subscriber (graphql-ws); floor: its status write seen by a watch",
    fedplane: heardSummary,
    baseline: { label: keptAlive.label, summary: keptAlive.placed },
    alsoMeasured: [{ label: shipped.label, summary: shipped.placed }],
    goal: {
      text: "p99 < 100 ms and median within 1.5x of the direct-write floor",
      met: heardSummary.p99 < 100 && ratio <= 1.5,
      measured: `p99 ${heardSummary.p99.toFixed(1)} ms, ${ratio.toFixed(2)}x the floor's median`,
    },
    anchor: KARMADA,
  });
  record({
    id: "placement.status",
    title: "create → PLACED status written on the admin cluster (seen by a watch)",
    fedplane: summarize(ours.status),
    baseline: { label: keptAlive.label, summary: keptAlive.placed },
    alsoMeasured: [{ label: shipped.label, summary: shipped.placed }],
  });
});

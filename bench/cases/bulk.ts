import { KubernetesClusterClient } from "../../src/cluster/kubernetes/client.js";
import { ensureNamespace } from "../../src/cluster/namespaces.js";
import { FEDERATION_NAMESPACE } from "../../src/federation/kinds.js";
import { ApiServerRequests, RequestWindow } from "../lib/apiserver-requests.js";
import { Arrivals, observePlacedStatus } from "../lib/arrivals.js";
import { DirectBulk } from "../lib/bulk-floor.js";
import { runCase, type CaseContext } from "../lib/case.js";
import { removeBenchObjects } from "../lib/cleanup.js";
import { ClientNodeWriter } from "../lib/client-node-floor.js";
import { sleep, wallMs } from "../lib/clock.js";
import { controlPlanes } from "../lib/control-planes.js";
import { clustersReady, registerControlPlanes, startFedplane } from "../lib/fedplane.js";
import { federatedUpstream, numbered, PLACEMENT_NAMESPACES, upstreamKind } from "../lib/fixtures.js";
import type { FederatedObject } from "../../src/federation/resource.js";
import { summarize } from "../lib/stats.js";

const FLOOR_NAMESPACE = "bench-floor";
// fedplane's reconciler runs 16 workers by default; the baseline writes with as many pipelines.
const WORKERS = 16;
const WARM_UP = 20;
// After the last PLACED, requests still in flight or queued (e.g. a reconcile re-queued by fedplane's own write) are
// part of the cost: the count waits this long before it is read.
const SETTLE_MS = 2000;
const FLEET = "Fleet: 50 clusters x 50 bundles = 2,550 deployments ready in about 50 s";

/**
 * N FederatedUpstreams, each placed into 2 workload control planes x 2 namespaces, created at once; time until all
 * are PLACED (seen by a watch of the admin cluster) and the API-server requests it took per placed object (counted by
 * the API servers themselves, the N creates of the federated objects left out on both sides).
 */
runCase(async (ctx: CaseContext) => {
  const size = ctx.quick ? 50 : 500;
  const rounds = ctx.quick ? 1 : 3;
  const placedPerRound = size * 2 * 2;
  ctx.fact("size", `${size} federated resources x 2 clusters x 2 namespaces = ${placedPerRound} placed objects per round, ${rounds} round(s)`);

  const planes = await controlPlanes(ctx, 2);
  const clusters = planes.workloads.map((p) => p.name);
  const admin = KubernetesClusterClient.fromFile(planes.admin.name, planes.admin.kubeconfigPath);
  ctx.defer(() => admin.close());
  for (const ns of [FEDERATION_NAMESPACE, FLOOR_NAMESPACE]) await ensureNamespace(admin, ns);
  for (const plane of planes.workloads) {
    const client = KubernetesClusterClient.fromFile(plane.name, plane.kubeconfigPath);
    for (const ns of PLACEMENT_NAMESPACES) await ensureNamespace(client, ns);
    await client.close();
  }
  const arrivals = new Arrivals();
  const watch = await observePlacedStatus(admin, upstreamKind.type, arrivals);
  ctx.defer(() => watch.stop());
  const requests = new RequestWindow(planes.planes.map((p) => new ApiServerRequests(p.name, p.kubeconfigPath)));

  /** Runs one round; returns the time until all are PLACED and the requests per placed object. */
  const round = async (label: string, namespace: string, prefix: string, place: (objects: FederatedObject[]) => Promise<void>) => {
    const objects = Array.from({ length: size }, (_, i) => federatedUpstream(numbered(prefix, i), clusters, PLACEMENT_NAMESPACES, namespace));
    const keys = objects.map((o) => `${namespace}/${o.metadata.name}@1`);
    await requests.start();
    const t0 = wallMs();
    const placing = place(objects);
    const last = await arrivals.waitFor(keys, 600_000, `${label}: PLACED statuses`);
    await placing;
    await sleep(SETTLE_MS);
    const counted = await requests.end();
    const own = counted.total - size; // the user's creates of the federated objects
    ctx.progress(`${label}: all ${size} PLACED in ${((last - t0) / 1000).toFixed(2)} s; ${(own / placedPerRound).toFixed(2)} requests per placed object (${counted.breakdown})`);
    return { seconds: (last - t0) / 1000, perObject: own / placedPerRound, breakdown: counted.breakdown };
  };

  // Both sides get an unmeasured warm-up round of WARM_UP objects first (connections, JIT, caches).
  const direct = new DirectBulk(planes, WORKERS);
  const warmUp = (namespace: string, prefix: string) => Array.from({ length: WARM_UP }, (_, i) => federatedUpstream(numbered(prefix, i), clusters, PLACEMENT_NAMESPACES, namespace));
  const warmFloor = warmUp(FLOOR_NAMESPACE, "floor-warm");
  await direct.place(warmFloor, clusters);
  await arrivals.waitFor(warmFloor.map((o) => `${FLOOR_NAMESPACE}/${o.metadata.name}@1`), 60_000, "the baseline's warm-up");
  const floor: { seconds: number; perObject: number; breakdown: string }[] = [];
  for (let r = 0; r < rounds; r++) {
    floor.push(await round(`baseline round ${r + 1}`, FLOOR_NAMESPACE, `floor${r}`, (objects) => direct.place(objects, clusters)));
  }
  await removeBenchObjects(ctx, planes, FLOOR_NAMESPACE, "floor");

  ctx.progress("starting fedplane against the admin control plane");
  const app = await startFedplane(ctx, { kubeconfig: planes.admin.kubeconfigPath });
  await registerControlPlanes(admin, planes.workloads);
  await clustersReady(app, clusters);
  // The user's side: every create at once over kept-alive connections, like `kubectl apply` of a big file in parallel.
  const user = new ClientNodeWriter(planes.admin.kubeconfigPath, true);
  const warm = warmUp(FEDERATION_NAMESPACE, "warm");
  await Promise.all(warm.map((o) => user.create(upstreamKind.type, o)));
  await arrivals.waitFor(warm.map((o) => `${FEDERATION_NAMESPACE}/${o.metadata.name}@1`), 60_000, "fedplane's warm-up");

  const ours: typeof floor = [];
  for (let r = 0; r < rounds; r++) {
    ours.push(
      await round(`fedplane round ${r + 1}`, FEDERATION_NAMESPACE, `bulk${r}`, async (objects) => {
        await Promise.all(objects.map((o) => user.create(upstreamKind.type, o)));
      }),
    );
  }

  const seconds = summarize(ours.map((o) => o.seconds));
  ctx.record({
    id: "bulk.all-placed",
    title: `${size} federated resources x 2 clusters x 2 namespaces created at once → all PLACED`,
    unit: "s",
    better: "lower",
    fedplane: seconds,
    baseline: { label: `direct client-node writes, ${WORKERS} pipelines`, summary: summarize(floor.map((o) => o.seconds)) },
    note: `${Math.round(placedPerRound / seconds.median)} placed objects/s.`,
    anchor: FLEET,
  });
  ctx.record({
    id: "bulk.requests",
    title: "API-server requests per placed object (the user's creates excluded)",
    unit: "requests",
    better: "lower",
    fedplane: summarize(ours.map((o) => o.perObject)),
    baseline: { label: "direct writes: member create + 1/4 status write", summary: summarize(floor.map((o) => o.perObject)) },
    note: `fedplane, last round: ${ours[ours.length - 1].breakdown}.`,
  });
});

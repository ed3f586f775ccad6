import { EmbeddedWorld } from "../../src/cluster/embedded/world.js";
import { FEDERATION_NAMESPACE } from "../../src/federation/kinds.js";
import { wallMs } from "../lib/clock.js";
import { mapLimit } from "../lib/concurrency.js";
import { directWrites, federatedUpstream, numbered, upstreamKind } from "../lib/fixtures.js";
import { ResourceMeter } from "../lib/resources.js";
import { serveWorker } from "../lib/worker.js";

export interface FloorRequest {
  clusters: number;
  resources: number;
  workers: number;
  namespace: string;
}

/**
 * The least work of case 3 in a process of its own (so its memory does not mix with fedplane's): an embedded world
 * with the same clusters, and for each federated object its member objects written in parallel into every cluster,
 * then its PLACED status; `workers` objects at a time, as fedplane's reconciler.
 */
async function run(req: FloorRequest) {
  const world = await EmbeddedWorld.open();
  const names = Array.from({ length: req.clusters }, (_, i) => `cluster-${i + 1}`);
  world.createCluster("local", { namespaces: [FEDERATION_NAMESPACE] });
  const admin = world.client("local");
  for (const name of names) world.createCluster(name, { namespaces: [req.namespace] });
  const clients = new Map(names.map((n) => [n, world.client(n)]));
  const objects = Array.from({ length: req.resources }, (_, i) => federatedUpstream(numbered("many", i), names, [req.namespace]));
  const meter = new ResourceMeter();
  const start = wallMs();
  const doneAt: number[] = [];
  await mapLimit(objects, req.workers, async (fed) => {
    const { members, placedStatus } = directWrites(fed, names);
    const created = await admin.create(upstreamKind.type, fed);
    await Promise.all(members.map((m) => clients.get(m.cluster)!.create(upstreamKind.target, m.object)));
    await admin.updateStatus(upstreamKind.type, { ...created, status: { placementStatus: placedStatus } });
    doneAt.push(wallMs() - start);
  });
  const seconds = (wallMs() - start) / 1000;
  const usage = meter.stop();
  await world.close();
  return { seconds, perObjectMs: doneAt, ...usage };
}

export type EmbeddedFloorWorker = { run: typeof run };

serveWorker({ run });

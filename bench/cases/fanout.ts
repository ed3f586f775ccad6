import { fileURLToPath } from "node:url";
import type { Fedplane } from "../../src/app/fedplane.js";
import { FEDERATION_NAMESPACE } from "../../src/federation/kinds.js";
import type { FederatedObject, PlacementStatus } from "../../src/federation/resource.js";
import { Arrivals, observePlacedStatus } from "../lib/arrivals.js";
import { runCase, type CaseContext } from "../lib/case.js";
import { sleep, until, wallMs } from "../lib/clock.js";
import { authHeaders, startFedplane } from "../lib/fedplane.js";
import { federatedUpstream, upstreamKind } from "../lib/fixtures.js";
import { keyOf } from "../lib/keys.js";
import { LoopLag } from "../lib/loop-lag.js";
import type { Measurement } from "../lib/measurement.js";
import { summarize, type Summary } from "../lib/stats.js";
import { placementSubscription } from "../lib/subscriptions.js";
import { Worker } from "../lib/worker.js";
import { BroadcastServer } from "../lib/ws-broadcast.js";
import type { WsClientsWorker } from "../workers/ws-clients.js";

const NAME = "fanout";
const INTERVAL_MS = 50;

type Receipts = { key: string; at: number }[][];

/**
 * N graphql-ws clients (in a separate process) subscribed to placementStatusChanged of one FederatedUpstream; the
 * benchmark writes M status changes to it on the admin cluster, one every 50 ms, as a fedplane replica that is not
 * the leader sees them (its reconciler stopped, so nothing else writes that status). Latency = status write → receipt,
 * per client and change. Baseline: a bare `ws` server sending the very same messages to as many clients at the same
 * times. Rounds alternate between the two.
 */
runCase(async (ctx: CaseContext) => {
  const clients = ctx.quick ? 100 : 1000;
  const changes = ctx.quick ? 20 : 100;
  const rounds = ctx.quick ? 1 : 3;
  ctx.fact("size", `${clients} subscribers, ${changes} status changes one every ${INTERVAL_MS} ms, ${rounds} round(s) each`);

  // All subscribers are the benchmark's one administrator: the WebSocket caps (512 per server, 64 per user) are raised
  // to the case's size, since they guard against abuse, which this is not.
  const sockets = clients + 16;
  const app = await startFedplane(ctx, { embeddedClusters: 2, limits: { maxWebSocketConnections: sockets, maxWebSocketConnectionsPerUser: sockets } });
  const admin = app.backend.admin;
  const arrivals = new Arrivals();
  const watch = await observePlacedStatus(admin, upstreamKind.type, arrivals);
  ctx.defer(() => watch.stop());
  await admin.create(upstreamKind.type, federatedUpstream(NAME, ["cluster-1", "cluster-2"], [FEDERATION_NAMESPACE]));
  await arrivals.waitFor([`${FEDERATION_NAMESPACE}/${NAME}@1`], 60_000, "the fan-out object to be PLACED");
  await stopReconciler(app);

  const workerFile = fileURLToPath(new URL("../workers/ws-clients.ts", import.meta.url));
  const sub = placementSubscription({ namespace: FEDERATION_NAMESPACE, name: NAME });
  const broadcast = await BroadcastServer.start();
  ctx.defer(() => broadcast.stop());

  const ours: number[] = [];
  const theirs: number[] = [];
  const lags: { ours: Summary[]; theirs: Summary[] } = { ours: [], theirs: [] };
  for (let r = 0; r < rounds; r++) {
    // fedplane
    const fw = new Worker<WsClientsWorker>(workerFile, "graphql-ws clients");
    ctx.defer(() => fw.stop());
    const connectStart = wallMs();
    await fw.call("connect", { url: app.wsUrl, headers: authHeaders(app), count: clients, protocol: "graphql-ws", subscribe: sub.request, keyPaths: sub.keyPaths, initialMessages: 1 });
    if (r === 0) ctx.fact("connect + subscribe", `${clients} graphql-ws clients in ${((wallMs() - connectStart) / 1000).toFixed(1)} s`);
    const { metadata, ...rest } = await admin.get<FederatedObject>(upstreamKind.type, FEDERATION_NAMESPACE, NAME);
    const stored: FederatedObject = { ...rest, metadata: { ...metadata, resourceVersion: undefined } };
    const base = stored.status!.placementStatus!;
    const written = new Map<string, number>();
    const lag = new LoopLag();
    lag.start();
    await paced(changes, async (i) => {
      const placementStatus: PlacementStatus = { ...base, message: `bench change ${r}-${i}` };
      written.set(`${FEDERATION_NAMESPACE}|${NAME}|${placementStatus.state}|${placementStatus.message}`, wallMs());
      // Unconditional (no resourceVersion): writes 10 ms apart may overlap on a busy machine.
      await admin.updateStatus(upstreamKind.type, { ...stored, status: { ...stored.status, placementStatus } });
    });
    await allReceived(fw, clients, changes);
    lags.ours.push(lag.stop());
    const { receipts, sample } = await fw.call("collect");
    ours.push(...latencies(receipts, written));
    await fw.call("close");
    await fw.stop();
    ctx.progress(`round ${r + 1}: fedplane p50/p99 ${pct(ours, 50)}/${pct(ours, 99)} ms`);

    // the bare ws baseline, replaying the exact messages fedplane sent
    const bw = new Worker<WsClientsWorker>(workerFile, "ws clients");
    ctx.defer(() => bw.stop());
    await bw.call("connect", { url: broadcast.url, count: clients, protocol: "plain", keyPaths: sub.keyPaths });
    const sent = new Map<string, number>();
    const blag = new LoopLag();
    blag.start();
    await paced(sample.length, async (i) => {
      sent.set(keyOf(JSON.parse(sample[i]), sub.keyPaths), wallMs());
      broadcast.broadcast(sample[i]);
    });
    await allReceived(bw, clients, sample.length);
    lags.theirs.push(blag.stop());
    theirs.push(...latencies((await bw.call("collect")).receipts, sent));
    await bw.call("close");
    await bw.stop();
    ctx.progress(`round ${r + 1}: bare ws p50/p99 ${pct(theirs, 50)}/${pct(theirs, 99)} ms`);
  }

  const record = (m: Omit<Measurement, "unit" | "better">) => ctx.record({ unit: "ms", better: "lower", ...m });
  const latency = summarize(ours);
  record({
    id: "fanout.latency",
    title: `status write → receipt, ${clients} graphql-ws subscribers x ${changes} changes`,
    fedplane: latency,
    baseline: { label: "bare ws server broadcasting the same messages", summary: summarize(theirs) },
    goal: { text: "p99 < 50 ms", met: latency.p99 < 50, measured: `p99 ${latency.p99.toFixed(1)} ms` },
  });
  const worst = (s: Summary[]) => summarize(s.map((x) => x.p99));
  record({
    id: "fanout.loop-lag",
    title: "event-loop delay of the server process during the burst (p99 per round)",
    fedplane: worst(lags.ours),
    baseline: { label: "bare ws server", summary: worst(lags.theirs) },
    note: `max ${Math.max(...lags.ours.map((l) => l.max)).toFixed(1)} ms (baseline ${Math.max(...lags.theirs.map((l) => l.max)).toFixed(1)} ms).`,
  });
});

/** Runs fn(i) for i < count at fixed times INTERVAL_MS apart (not drifting when one call is slow). */
async function paced(count: number, fn: (i: number) => Promise<void> | void): Promise<void> {
  const start = wallMs();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = start + i * INTERVAL_MS - wallMs();
    if (wait > 0) await sleep(wait);
    pending.push(Promise.resolve(fn(i)));
  }
  await Promise.all(pending);
}

async function allReceived(worker: Worker<WsClientsWorker>, clients: number, changes: number): Promise<void> {
  await until(
    `${clients} clients to receive ${changes} messages each`,
    async () => {
      const { counts } = await worker.call("progress");
      return counts.length === clients && counts.every((c) => c >= changes);
    },
    120_000,
    50,
  );
}

function latencies(receipts: Receipts, sentAt: Map<string, number>): number[] {
  const out: number[] = [];
  for (const client of receipts) {
    for (const r of client) {
      const t = sentAt.get(r.key);
      if (t !== undefined) out.push(r.at - t);
    }
  }
  return out;
}

const pct = (values: number[], p: number) => {
  const s = summarize(values);
  return (p === 50 ? s.median : s.p99).toFixed(1);
};

/** A replica that is not the leader: placement comes from statuses on the admin cluster. */
async function stopReconciler(app: Fedplane): Promise<void> {
  await app.federation.reconciler.stop();
}

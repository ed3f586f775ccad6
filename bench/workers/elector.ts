import { KubernetesClusterClient } from "../../src/cluster/kubernetes/client.js";
import { LeaderElector, type LeaseTimings } from "../../src/controller/leader-election.js";
import { serveWorker } from "../lib/worker.js";

/** One candidate for the Lease in its own process, so the failover case can kill -9 it. */
let elector: LeaderElector | undefined;
let client: KubernetesClusterClient | undefined;
let startedLeadingAt: number | undefined;

function start(p: { kubeconfig: string; namespace: string; identity: string; timings: LeaseTimings }): void {
  client = KubernetesClusterClient.fromFile("admin", p.kubeconfig);
  elector = new LeaderElector({
    ...p.timings,
    client,
    namespace: p.namespace,
    identity: p.identity,
    onStartedLeading: () => {
      startedLeadingAt = Date.now();
    },
    onStoppedLeading: () => {},
  });
  elector.start();
}

/** When this candidate started leading (wall clock, ms), or null. */
function startedAt(): number | null {
  return startedLeadingAt ?? null;
}

/** A clean shutdown: releases the Lease. */
async function stop(): Promise<void> {
  await elector?.stop();
  await client?.close();
}

export type ElectorWorker = { start: typeof start; startedAt: typeof startedAt; stop: typeof stop };
serveWorker({ start, startedAt, stop });

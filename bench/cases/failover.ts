import { fileURLToPath } from "node:url";
import { KubernetesClusterClient } from "../../src/cluster/kubernetes/client.js";
import { ensureNamespace } from "../../src/cluster/namespaces.js";
import { defaultLeaseTimings } from "../../src/controller/leader-election.js";
import { runCase, type CaseContext } from "../lib/case.js";
import { sleep } from "../lib/clock.js";
import { controlPlanes } from "../lib/control-planes.js";
import { summarize } from "../lib/stats.js";
import { Worker } from "../lib/worker.js";
import type { ElectorWorker } from "../workers/elector.js";

const NAMESPACE = "bench-failover";
const ELECTOR = fileURLToPath(new URL("../workers/elector.ts", import.meta.url));

/**
 * Leader failover on a real API server: two candidates for the Lease, each in its own process. Per round, (a) the
 * leader is killed with SIGKILL (no release) and the time until the other starts leading is taken; (b) the new leader
 * shuts down cleanly (releases the Lease) and the time until a fresh candidate leads is taken. Full mode uses
 * client-go's timings (15 s / 10 s / 2 s), quick mode shortened ones (3 s / 2 s / 0.5 s).
 */
runCase(async (ctx: CaseContext) => {
  const timings = ctx.quick ? { leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 500 } : { ...defaultLeaseTimings };
  const rounds = ctx.quick ? 2 : 5;
  ctx.fact("lease timings", `lease ${timings.leaseDurationMs / 1000} s, renew deadline ${timings.renewDeadlineMs / 1000} s, retry ${timings.retryPeriodMs / 1000} s`);
  ctx.fact("rounds", rounds);

  const planes = await controlPlanes(ctx, 0);
  const admin = KubernetesClusterClient.fromFile(planes.admin.name, planes.admin.kubeconfigPath);
  ctx.defer(() => admin.close());
  await ensureNamespace(admin, NAMESPACE);

  let n = 0;
  const candidate = async (): Promise<Worker<ElectorWorker>> => {
    const w = new Worker<ElectorWorker>(ELECTOR, `candidate ${++n}`);
    ctx.defer(() => w.stop());
    await w.call("start", { kubeconfig: planes.admin.kubeconfigPath, namespace: `${NAMESPACE}`, identity: `candidate-${n}`, timings });
    return w;
  };
  const leadsAt = async (w: Worker<ElectorWorker>, what: string): Promise<number> => {
    const deadline = Date.now() + timings.leaseDurationMs * 4 + 30_000;
    for (;;) {
      const at = await w.call("startedAt");
      if (at !== null) return at;
      if (Date.now() > deadline) throw new Error(`${what} did not lead in time`);
      await sleep(20);
    }
  };

  const killed: number[] = [];
  const released: number[] = [];
  let leader = await candidate();
  await leadsAt(leader, "the first candidate");
  for (let round = 0; round < rounds; round++) {
    const next = await candidate();
    await sleep(timings.retryPeriodMs * 2); // it has tried, and failed, to acquire
    const t0 = Date.now();
    process.kill(leader.pid!, "SIGKILL");
    killed.push((await leadsAt(next, "the standby after kill -9")) - t0);
    const fresh = await candidate();
    await sleep(timings.retryPeriodMs * 2);
    const t1 = Date.now();
    await next.call("stop");
    released.push((await leadsAt(fresh, "the standby after a clean shutdown")) - t1);
    leader = fresh;
    ctx.progress(`round ${round + 1}/${rounds}: kill -9 → new leader ${killed.at(-1)} ms; clean shutdown → new leader ${released.at(-1)} ms`);
  }

  ctx.record({
    id: "failover.kill",
    title: "leader killed (SIGKILL) → a standby process leads",
    unit: "ms",
    better: "lower",
    fedplane: summarize(killed),
    note: `at least the lease duration (${timings.leaseDurationMs} ms): the standby waits that long after it last saw the Lease change, then takes it at its next (jittered) retry`,
  });
  ctx.record({
    id: "failover.release",
    title: "leader shut down (releases the Lease) → a standby process leads",
    unit: "ms",
    better: "lower",
    fedplane: summarize(released),
    note: "the standby takes a released Lease at its next retry",
  });
});

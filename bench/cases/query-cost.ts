import { fileURLToPath } from "node:url";
import { execute, parse, type DocumentNode, type GraphQLSchema } from "graphql";
import { silentLogger } from "../../src/app/logger.js";
import { createContext } from "../../src/graphql/context.js";
import { adminIdentity } from "../../src/auth/admin-token.js";
import { buildFedplaneSchema } from "../../src/graphql/schema.js";
import type { Fedplane } from "../../src/app/fedplane.js";
import { Arrivals, observePlacedStatus } from "../lib/arrivals.js";
import { CountingClient, RequestCounter } from "../lib/call-counter.js";
import { runCase, type CaseContext } from "../lib/case.js";
import { sleep, until, wallMs } from "../lib/clock.js";
import { authHeaders, clustersReady, startFedplane } from "../lib/fedplane.js";
import { federatedUpstream, numbered, upstreamKind } from "../lib/fixtures.js";
import { CHECK_QUERY, RESOURCES_QUERY } from "../lib/queries.js";
import { single, summarize } from "../lib/stats.js";
import { Worker } from "../lib/worker.js";
import type { HttpLoadWorker } from "../workers/http-load.js";

const NAMESPACE = "gloo-system";
const CONCURRENCY = [10, 50];
const APOLLO = "express + Apollo ~2,600 req/s, Yoga ~4,600, Mercurius ~5,800 (10 vCPU, small queries)";

/**
 * `check` over N clusters (each with the sandbox's simulated Gloo) and `federatedResources` with `placedObjects` over
 * N clusters x M objects, over HTTP from a load generator in another process at concurrency 10 and 50: requests/s,
 * latency, and API calls per query (every cluster client is counted, the periodic connection probes left out; served
 * from caches it is 0). Baseline: graphql-js
 * execute() of the same document against the same schema and services, in process, at the same concurrency.
 */
runCase(async (ctx: CaseContext) => {
  const clusters = ctx.quick ? 10 : 100;
  const resources = ctx.quick ? 10 : 100;
  const durationMs = ctx.quick ? 1_000 : 10_000;
  const warmupMs = ctx.quick ? 500 : 2_000;
  ctx.fact("size", `${clusters} clusters x ${resources} federated resources placed to all; ${durationMs / 1000} s per measurement after ${warmupMs / 1000} s warm-up`);

  const calls = new RequestCounter();
  const app = await startFedplane(ctx, { embeddedClusters: clusters, localCluster: false, instrumentClient: (c) => new CountingClient(c, calls) });
  const names = Array.from({ length: clusters }, (_, i) => `cluster-${i + 1}`);
  await clustersReady(app, names);
  await placeAll(app, names, resources);
  await until("every cluster's check to show its Gloo installation", () => app.services.health.check().every((c) => c.instances.length > 0), 300_000, 100);
  await sleep(2000); // the simulated Gloo's status reports settle

  const load = new Worker<HttpLoadWorker>(fileURLToPath(new URL("../workers/http-load.ts", import.meta.url)), "load generator");
  ctx.defer(() => load.stop());
  const schema = buildFedplaneSchema();
  const queries = [
    { id: "check", title: `check over ${clusters} clusters`, text: CHECK_QUERY },
    { id: "resources", title: `federatedResources + placedObjects, ${clusters} clusters x ${resources} objects`, text: RESOURCES_QUERY },
  ];
  for (const q of queries) {
    const document = parse(q.text);
    const direct = execute({ schema, document, contextValue: createContext(app.services, silentLogger, adminIdentity, { live: false }) });
    if ("errors" in direct && direct.errors) throw new Error(`${q.id}: ${direct.errors.map((e) => e.message).join("; ")}`);
    const before = calls.snapshot();
    let queries = 0;
    for (const concurrency of CONCURRENCY) {
      const result = await load.call("run", { url: app.url, headers: authHeaders(app), body: JSON.stringify({ query: q.text }), concurrency, durationMs, warmupMs });
      const served = result.latenciesMs.length;
      queries += served;
      const rps = served / (result.durationMs / 1000);
      const floor = await executeLoop(schema, document, app, concurrency, durationMs, warmupMs);
      // Failed requests are a figure (an overloaded server resets connections), not a reason to stop the suite.
      const failures = result.errors > 0 ? ` ${result.errors} requests failed (e.g. ${result.firstError}).` : "";
      ctx.progress(`${q.id} c=${concurrency}: ${rps.toFixed(0)} req/s over HTTP (${(result.responseBytes / 1024).toFixed(0)} KiB each), ${floor.rps.toFixed(0)}/s execute().${failures}`);
      ctx.record({
        id: `query.${q.id}.c${concurrency}`,
        title: `${q.title}, concurrency ${concurrency}: latency`,
        unit: "ms",
        better: "lower",
        fedplane: summarize(result.latenciesMs),
        baseline: { label: "graphql-js execute(), no HTTP", summary: summarize(floor.latenciesMs) },
        note: `${rps.toFixed(rps < 10 ? 1 : 0)} req/s (execute(): ${floor.rps.toFixed(floor.rps < 10 ? 1 : 0)}/s); response ${(result.responseBytes / 1024).toFixed(0)} KiB.${failures}`,
        anchor: APOLLO,
      });
    }
    // Connection probes (version) run every 10 s per cluster whatever the queries do.
    const apiCalls = calls.since(before, ["version"]);
    ctx.record({
      id: `query.${q.id}.api-calls`,
      title: `${q.title}: API calls per query (both concurrencies, execute() runs included)`,
      unit: "requests",
      better: "lower",
      fedplane: single(apiCalls.total / queries),
      goal: { text: "0 API calls per query (served from caches)", met: apiCalls.total === 0, measured: `${apiCalls.total} calls over ${queries} queries (${apiCalls.text})` },
    });
  }
});

async function placeAll(app: Fedplane, clusters: string[], resources: number): Promise<void> {
  const admin = app.backend.admin;
  const arrivals = new Arrivals();
  const watch = await observePlacedStatus(admin, upstreamKind.type, arrivals);
  const objects = Array.from({ length: resources }, (_, i) => federatedUpstream(numbered("q", i), ["*"], [NAMESPACE]));
  await Promise.all(objects.map((o) => admin.create(upstreamKind.type, o)));
  await arrivals.waitFor(objects.map((o) => `${NAMESPACE}/${o.metadata.name}@1`), 600_000, "the federated resources to be PLACED");
  watch.stop();
  const members = app.federation.members;
  await until(
    "fedplane's member caches to hold every placed object",
    () => clusters.every((c) => objects.every((o) => members.get(c, upstreamKind.target, NAMESPACE, o.metadata.name) !== undefined)),
    600_000,
    100,
  );
}

/** graphql-js execute() of the document in `concurrency` closed loops, measured like the load generator (no HTTP). */
async function executeLoop(schema: GraphQLSchema, document: DocumentNode, app: Fedplane, concurrency: number, durationMs: number, warmupMs: number) {
  const latenciesMs: number[] = [];
  const recordFrom = wallMs() + warmupMs;
  const recordUntil = recordFrom + durationMs;
  const loop = async () => {
    while (wallMs() < recordUntil) {
      const start = wallMs();
      await execute({ schema, document, contextValue: createContext(app.services, silentLogger, adminIdentity, { live: false }) });
      const end = wallMs();
      if (end >= recordFrom && end <= recordUntil) latenciesMs.push(end - start);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { latenciesMs, rps: latenciesMs.length / (durationMs / 1000) };
}

import { runCase } from "./lib/case.js";
import { Worker } from "./lib/worker.js";
import type { WsClientsWorker } from "./workers/ws-clients.js";
import { BroadcastServer } from "./lib/ws-broadcast.js";
import { wallMs, sleep } from "./lib/clock.js";
import { summarize } from "./lib/stats.js";
import { LoopLag } from "./lib/loop-lag.js";
import { fileURLToPath } from "node:url";
runCase(async (ctx) => {
  const server = await BroadcastServer.start();
  const w = new Worker<WsClientsWorker>(fileURLToPath(new URL("./workers/ws-clients.ts", import.meta.url)), "ws clients");
  ctx.defer(() => w.stop()); ctx.defer(() => server.stop());
  const t = wallMs();
  await w.call("connect", { url: server.url, count: 1000, protocol: "plain", keyPaths: [["seq"]] });
  ctx.progress(`connected in ${wallMs() - t} ms`);
  const sent = new Map<string, number>();
  const lag = new LoopLag(); lag.start();
  for (let i = 0; i < 100; i++) { const text = JSON.stringify({ seq: i, payload: { data: { x: "y".repeat(300) } } }); sent.set(String(i), wallMs()); server.broadcast(text); await sleep(10); }
  await sleep(500);
  const l = lag.stop();
  const { receipts } = await w.call("collect");
  const lat = receipts.flatMap((r) => r.map((x) => x.at - sent.get(x.key)!));
  ctx.progress(`n=${lat.length} ${JSON.stringify(summarize(lat))} lag ${JSON.stringify(l)}`);
});

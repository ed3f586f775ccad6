import WebSocket from "ws";
import { wallMs } from "../lib/clock.js";
import { keyOf } from "../lib/keys.js";
import { serveWorker } from "../lib/worker.js";

/**
 * Many WebSocket clients in one process. "graphql-ws" speaks the graphql-transport-ws protocol by hand
 * (connection_init, subscribe, next): the same light client for fedplane and for the bare `ws` baseline, so client
 * cost does not differ between the two.
 */
export interface ConnectRequest {
  url: string;
  count: number;
  protocol: "graphql-ws" | "plain";
  subscribe?: { query: string; variables?: Record<string, unknown> };
  headers?: Record<string, string>;
  /** Property paths from a received message to the values identifying the event, joined by "|" into its key. */
  keyPaths: string[][];
  /** graphql-ws: resolve once every client received this many messages (the subscription's current state). */
  initialMessages?: number;
}

let sockets: WebSocket[] = [];
let received: { key: string; at: number }[][] = [];
let keyPaths: string[][] = [];
let sample: string[] = [];

async function connect(req: ConnectRequest): Promise<{ connected: number }> {
  keyPaths = req.keyPaths;
  await Promise.all(Array.from({ length: req.count }, (_, i) => open(req, i)));
  return { connected: sockets.length };
}

function open(req: ConnectRequest, index: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(req.url, req.protocol === "graphql-ws" ? "graphql-transport-ws" : undefined, { headers: req.headers, perMessageDeflate: false });
    received[index] = [];
    let initial = req.initialMessages ?? 0;
    const ready = () => {
      sockets[index] = ws;
      resolve();
    };
    ws.on("error", reject);
    ws.on("open", () => {
      if (req.protocol === "graphql-ws") ws.send(JSON.stringify({ type: "connection_init", payload: req.headers ?? {} }));
      else ready();
    });
    ws.on("message", (raw: Buffer) => {
      const at = wallMs();
      const text = raw.toString("utf8");
      const msg = JSON.parse(text);
      if (req.protocol === "graphql-ws") {
        if (msg.type === "connection_ack") {
          ws.send(JSON.stringify({ id: "1", type: "subscribe", payload: req.subscribe }));
          if (initial === 0) ready();
          return;
        }
        if (msg.type === "ping") return void ws.send(JSON.stringify({ type: "pong" }));
        if (msg.type === "error") return reject(new Error(`subscription refused: ${text.slice(0, 300)}`));
        if (msg.type !== "next") return;
        if (initial > 0) {
          if (--initial === 0) ready();
          return;
        }
      }
      if (index === 0) sample.push(text);
      received[index].push({ key: keyOf(msg, keyPaths), at });
    });
    ws.on("close", (code, reason) => {
      if (!sockets[index]) reject(new Error(`closed before it was ready: ${code} ${reason.toString()}`));
    });
  });
}

/** Receipts so far per client ({key, at}), and the raw text of what client 0 received (for the baseline to replay). */
function collect(): { receipts: { key: string; at: number }[][]; sample: string[] } {
  const out = { receipts: received, sample };
  received = received.map(() => []);
  sample = [];
  return out;
}

/** How many clients have received at least n messages since the last collect. */
function progress(): { counts: number[] } {
  return { counts: received.map((r) => r.length) };
}

async function close(): Promise<void> {
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === WebSocket.CLOSED) return resolve();
          ws.once("close", () => resolve());
          ws.close(1000);
          setTimeout(() => {
            ws.terminate();
            resolve();
          }, 2000).unref();
        }),
    ),
  );
  sockets = [];
  received = [];
}

export type WsClientsWorker = {
  connect: typeof connect;
  collect: typeof collect;
  progress: typeof progress;
  close: typeof close;
};

serveWorker({ connect, collect, progress, close });

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Scrape } from "./metrics.js";

/** `host:port` of --metrics-bind-address (controller-runtime's flag; ":8080" means every address). */
export function parseBindAddress(address: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(address);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65_535) throw new Error(`--metrics-bind-address must be host:port (e.g. 127.0.0.1:8080 or :8080), or 0 to turn metrics off; not ${address}`);
  return { host: m[1] ?? (m[2] || "0.0.0.0"), port };
}

/** /metrics on its own address, apart from the API (e.g. a port only Prometheus reaches). */
export async function startMetricsServer(address: string, scrape: () => Promise<Scrape>): Promise<{ url: string; stop(): Promise<void> }> {
  const { host, port } = parseBindAddress(address);
  const server = createServer((req, res) => {
    if ((req.url ?? "/").split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("Only /metrics is served here.\n");
      return;
    }
    scrape().then(
      ({ contentType, body }) => res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" }).end(body),
      () => res.writeHead(500, { "content-type": "text/plain" }).end("Collecting metrics failed; the fedplane server log has the details.\n"),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(e.code === "EADDRINUSE" ? new Error(`--metrics-bind-address ${address} is in use: pick another port`) : e),
    );
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  return {
    url: `http://${urlHost}:${bound}/metrics`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

import { readFileSync } from "node:fs";
import { Agent, request } from "node:https";
import type { Pki } from "./pki.js";

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
}

/**
 * The harness's own minimal client to one API server, authenticated as the admin by client certificate. Enough for
 * readiness checks and installing CRDs; fedplane itself talks to clusters through src/cluster/.
 */
export class AdminApi {
  private readonly agent: Agent;

  constructor(
    readonly server: string,
    pki: Pki,
  ) {
    this.agent = new Agent({
      keepAlive: true,
      ca: readFileSync(pki.caCert),
      cert: readFileSync(pki.adminCert),
      key: readFileSync(pki.adminKey),
    });
  }

  request(method: string, path: string, body?: unknown, timeoutMs = 15_000): Promise<ApiResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, this.server),
        {
          method,
          agent: this.agent,
          timeout: timeoutMs,
          headers: { accept: "application/json", ...(payload ? { "content-type": "application/json" } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // plain text bodies, e.g. /readyz
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)));
      req.on("error", reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The `message` of a Kubernetes Status body, or the raw body. */
export function statusMessage(response: ApiResponse): string {
  const body = response.body as { message?: unknown } | string;
  const message = typeof body === "object" && body && typeof body.message === "string" ? body.message : JSON.stringify(body);
  return `HTTP ${response.status}: ${message}`;
}

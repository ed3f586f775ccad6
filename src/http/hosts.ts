import type { IncomingMessage } from "node:http";

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

export const isLoopback = (host: string) => LOOPBACK_NAMES.has(host) || host.startsWith("127.");

function hostname(hostHeader: string): string {
  if (hostHeader.startsWith("[")) return hostHeader.slice(0, hostHeader.indexOf("]") + 1);
  return hostHeader.replace(/:\d+$/, "");
}

/**
 * When bound to loopback, only loopback Host headers are served: a web page whose DNS name is rebound to 127.0.0.1
 * would otherwise count as same-origin and reach the API from the user's browser.
 */
export function hostAllowed(req: IncomingMessage, boundHost: string): boolean {
  if (!isLoopback(boundHost)) return true;
  const host = req.headers.host;
  return host === undefined || isLoopback(hostname(host).toLowerCase());
}

/**
 * Browsers send Origin on WebSocket upgrades and do not apply CORS to them, so a foreign page could otherwise drive
 * mutations over graphql-ws and bypass the HTTP CSRF protection. Clients that are not browsers send no Origin.
 */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

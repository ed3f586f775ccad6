import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

/**
 * Loopback means `localhost`, an IPv4 literal in 127.0.0.0/8 and the IPv6 literal ::1, nothing else: a name like
 * `127.attacker.example` is a DNS name its owner can point anywhere (DNS rebinding).
 */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (h === "localhost") return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  if (isIP(h) === 6) return h === "::1" || h === "0:0:0:0:0:0:0:1" || /^::ffff:127\./.test(h);
  return false;
}

/** The host name of a Host header (or URL host): `[::1]:4000` -> `::1`, `Example.com:80` -> `example.com`. */
export function hostname(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(1, h.indexOf("]"));
  return h.replace(/:\d*$/, "").replace(/\.$/, "");
}

/**
 * The Host header must name this server: on a loopback bind a loopback name (a web page whose DNS name is rebound to
 * 127.0.0.1 would otherwise count as same-origin and reach the API from the user's browser); elsewhere, the bound
 * address or one of the names given with --allowed-host. A wildcard bind (0.0.0.0, ::) accepts only IP literals
 * and the allowed names.
 */
export function hostAllowed(req: IncomingMessage, boundHost: string, allowedHosts: readonly string[] = []): boolean {
  const header = req.headers.host;
  if (header === undefined) return true; // HTTP/1.0 clients; browsers always send Host
  const name = hostname(header);
  if (allowedHosts.some((a) => a.toLowerCase() === name)) return true;
  const bound = hostname(boundHost.includes(":") && !boundHost.startsWith("[") ? `[${boundHost}]` : boundHost);
  if (isLoopback(bound)) return isLoopback(name);
  if (bound === "0.0.0.0" || bound === "::") return isIP(name) !== 0;
  return name === bound;
}

/**
 * Browsers send Origin on WebSocket upgrades and do not apply CORS to them, so a foreign page could otherwise drive
 * mutations over graphql-ws and bypass the HTTP CSRF protection. The origin must be this very host (exact name and
 * port, as the Host header says). Clients that are not browsers send no Origin.
 */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === "http:" || url.protocol === "https:") && url.host === String(req.headers.host ?? "").toLowerCase();
  } catch {
    return false;
  }
}

import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import { gzip } from "node:zlib";

/** One preloaded tab of the playground. */
export interface PlaygroundTab {
  query: string;
  variables?: Record<string, unknown>;
}

interface Page {
  html: Buffer;
  gzipped: Buffer;
  etag: string;
}

/**
 * The GraphQL IDE served at GET /graphql and / to browsers: GraphiQL as bundled by @graphql-yoga/render-graphiql,
 * which inlines every script, style, worker and the favicon into one page, so it works with no network beyond this
 * server. Queries and mutations go over HTTP POST, subscriptions over graphql-ws on the same path.
 *
 * Served by our router rather than Apollo's landing-page hook so the ~9 MB page is rendered and gzipped once and
 * revalidated with an ETag.
 */
export function playground(tabs: readonly PlaygroundTab[], endpoint = "/graphql") {
  let page: Promise<Page> | undefined;
  const render = async (): Promise<Page> => {
    const { renderGraphiQL } = await import("@graphql-yoga/render-graphiql"); // 9 MB of code: load on first use only
    const html = Buffer.from(
      renderGraphiQL({
        title: "fedplane GraphQL",
        endpoint,
        subscriptionsProtocol: "WS",
        defaultTabs: tabs.map((t) => ({ query: t.query, variables: t.variables ? JSON.stringify(t.variables, null, 2) : null })),
        // The first tab's variables again at the top level: this GraphiQL build takes a tab's variables from there.
        ...(tabs[0]?.variables ? { variables: JSON.stringify(tabs[0].variables, null, 2) } : {}),
        defaultEditorToolsVisibility: true,
        shouldPersistHeaders: false,
      }),
    );
    const withToken = Buffer.from(html.toString("utf8").replace(/<head>/i, (head) => `${head}<script>${TOKEN_SCRIPT}</script>`));
    const gzipped = await promisify(gzip)(withToken);
    return { html: withToken, gzipped, etag: `"${createHash("sha256").update(withToken).digest("base64url").slice(0, 27)}"` };
  };

  return async function servePlayground(req: IncomingMessage, res: ServerResponse): Promise<void> {
    page ??= render();
    const { html, gzipped, etag } = await page;
    const headers: Record<string, string> = {
      "content-type": "text/html; charset=utf-8",
      etag,
      "cache-control": "no-cache",
      vary: "accept-encoding",
      // Everything the page needs is inline; a policy keeps it from reaching anywhere but this server.
      "content-security-policy":
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:; worker-src 'self' blob:; " +
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
    };
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, headers).end();
      return;
    }
    const acceptsGzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
    res.writeHead(200, { ...headers, ...(acceptsGzip ? { "content-encoding": "gzip" } : {}) });
    res.end(req.method === "HEAD" ? undefined : acceptsGzip ? gzipped : html);
  };
}

/**
 * Runs before GraphiQL: the token comes from the page URL's fragment (`#token=...`, the link `fedplane serve` prints;
 * the fragment never reaches a server and is removed from the address bar at once), else from this tab's session
 * storage, else the user is asked. It is then sent with every request to this server: `Authorization: Bearer` on
 * fetch, and in graphql-ws connection_init (browsers cannot set WebSocket headers). Nothing is sent elsewhere.
 */
const TOKEN_SCRIPT = `(() => {
  const KEY = "fedplane-token";
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem(KEY, decodeURIComponent(m[1]));
    history.replaceState(null, "", location.pathname + location.search);
  }
  let token = sessionStorage.getItem(KEY);
  if (!token) {
    token = (prompt("fedplane token (fedplane serve prints it; the embedded admin token is in <data-dir>/admin-token):") || "").trim();
    if (token) sessionStorage.setItem(KEY, token);
  }
  if (!token) return;
  const sameOrigin = (url) => new URL(url, location.href).origin === location.origin;
  const fetch0 = window.fetch.bind(window);
  window.fetch = (input, init = {}) => {
    const url = typeof input === "string" || input instanceof URL ? String(input) : input.url;
    if (!sameOrigin(url)) return fetch0(input, init);
    const headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
    headers.set("Authorization", "Bearer " + token);
    return fetch0(input, { ...init, headers });
  };
  const send0 = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (typeof data === "string" && data.includes('"connection_init"') && new URL(this.url).host === location.host) {
      try {
        const msg = JSON.parse(data);
        if (msg.type === "connection_init") data = JSON.stringify({ ...msg, payload: { ...(msg.payload || {}), Authorization: "Bearer " + token } });
      } catch {}
    }
    return send0.call(this, data);
  };
})();`;

/** A browser navigating here (not a GraphQL client doing a GET query). */
export function wantsHtml(req: IncomingMessage): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const accept = String(req.headers.accept ?? "");
  return accept.includes("text/html");
}

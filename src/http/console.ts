import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, relative, sep } from "node:path";
import { gzipSync } from "node:zlib";
import { sendError } from "./respond.js";

interface File {
  body: Buffer;
  gzipped: Buffer;
  type: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
};

// Everything the console needs is in its bundle: the page may talk to this server only.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>fedplane console</title>
<p>The console is not built. Run <code>npm run build</code> (or <code>npm start</code>, which builds it) and reload.
The GraphQL playground is at <a href="/graphql">/graphql</a>.</p>`;

/**
 * The web console, built by Vite into `dir` (dist/console): index.html at /, hashed files under /assets/. The files
 * are read and gzipped once, on the first request; a missing build answers a page that says how to build it.
 */
export function consoleFiles(dir: string) {
  let files: Promise<Map<string, File> | undefined> | undefined;
  const load = async (): Promise<Map<string, File> | undefined> => {
    const names = await readdir(dir, { recursive: true }).catch(() => undefined);
    if (!names?.includes("index.html")) return undefined;
    const out = new Map<string, File>();
    for (const name of names) {
      const path = join(dir, name);
      const body = await readFile(path).catch(() => undefined);
      if (!body) continue; // a directory
      out.set(`/${relative(dir, path).split(sep).join("/")}`, {
        body,
        gzipped: gzipSync(body),
        type: TYPES[extname(name)] ?? "application/octet-stream",
        etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`,
      });
    }
    return out;
  };

  return async function serveConsole(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    files ??= load();
    const all = await files;
    if (!all) {
      files = undefined; // built later: look again next time
      res.writeHead(path === "/" ? 200 : 404, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(NOT_BUILT);
      return;
    }
    const file = all.get(path === "/" ? "/index.html" : path);
    if (!file) return sendError(res, 404, "NOT_FOUND", `Nothing at ${path}; the console is at / and the GraphQL API at /graphql.`);
    const headers: Record<string, string> = {
      "content-type": file.type,
      etag: file.etag,
      // Asset names carry a content hash; the page itself is revalidated so a new build is picked up.
      "cache-control": path === "/" ? "no-cache" : "public, max-age=31536000, immutable",
      vary: "accept-encoding",
      "content-security-policy": CSP,
      "x-content-type-options": "nosniff",
    };
    if (req.headers["if-none-match"] === file.etag) {
      res.writeHead(304, headers).end();
      return;
    }
    const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
    res.writeHead(200, { ...headers, ...(gzip ? { "content-encoding": "gzip" } : {}) });
    res.end(req.method === "HEAD" ? undefined : gzip ? file.gzipped : file.body);
  };
}

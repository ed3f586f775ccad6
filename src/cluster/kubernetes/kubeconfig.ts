import { createPrivateKey, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { LineCounter, parseDocument } from "yaml";
import { ApiError } from "../errors.js";

/**
 * Kubeconfig handling that never echoes what it reads: kubeconfigs hold tokens and keys, and YAML/client-node errors
 * quote the offending source text. Every problem is reported by field name and position only.
 */

type Entry = Record<string, unknown>;

/** One context's cluster and user, checked, ready to become a single-context KubeConfig. */
export interface SelectedContext {
  origin: string;
  contextName: string;
  clusterName: string;
  userName?: string;
  server: URL;
  cluster: Entry;
  user: Entry;
}

export interface SelectOptions {
  /** Use this context instead of current-context. */
  context?: string;
  /** Resolve relative file references (certificate-authority, client-key...) against this folder. */
  baseDir?: string;
}

const invalid = (origin: string, problem: string) => new ApiError("Invalid", `kubeconfig (${origin}): ${problem}`);

const isEntry = (v: unknown): v is Entry => typeof v === "object" && v !== null && !Array.isArray(v);

/** Parses kubeconfig YAML; syntax errors name the line, never the text. */
export function parseKubeconfig(text: string, origin: string): Entry {
  if (!text.trim()) throw invalid(origin, "is empty");
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const { line, col } = lineCounter.linePos(err.pos[0]);
    throw invalid(origin, `is not valid YAML (${err.code} at line ${line}, column ${col})`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    throw invalid(origin, /Excessive alias count/.test(e.message) ? "uses aliases past the limit of 100 alias uses (a YAML alias bomb?)" : "has an alias that refers to no anchor before it");
  }
  if (!isEntry(value)) throw invalid(origin, "is not a YAML mapping (expected apiVersion: v1, kind: Config)");
  return value;
}

function namedList(doc: Entry, key: "clusters" | "contexts" | "users", inner: string, origin: string) {
  const list = doc[key] ?? [];
  if (!Array.isArray(list)) throw invalid(origin, `${key} must be a list`);
  return list.map((item, i) => {
    if (!isEntry(item) || typeof item.name !== "string" || !item.name) throw invalid(origin, `${key}[${i}].name is missing`);
    const raw = item[inner] ?? {};
    if (!isEntry(raw)) throw invalid(origin, `${key}[${i}].${inner} must be a mapping`);
    // null and absent mean the same in kubeconfigs (client-node's own export writes nulls).
    const body = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null && v !== undefined));
    return { name: item.name, body, index: i };
  });
}

const namesOf = (list: { name: string }[]) => (list.length ? list.map((e) => `"${e.name}"`).join(", ") : "none");

function checkServer(raw: unknown, field: string, origin: string): URL {
  if (typeof raw !== "string" || !raw) throw invalid(origin, `${field} is missing`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(origin, `${field} is not a URL (expected e.g. https://host:6443)`);
  }
  // A URL with user:password would put credentials into every message that names the server.
  if (url.username || url.password) throw invalid(origin, `${field} must not carry credentials (user:password@)`);
  if (!["https:", "http:", "embedded:"].includes(url.protocol)) {
    throw invalid(origin, `${field} has unsupported scheme "${url.protocol}" (expected https://, http:// or embedded://)`);
  }
  return url;
}

/** Picks the context (given or current-context) and checks that its cluster and user are there and coherent. */
export function selectContext(doc: Entry, origin: string, options: SelectOptions = {}): SelectedContext {
  const contexts = namedList(doc, "contexts", "context", origin);
  const clusters = namedList(doc, "clusters", "cluster", origin);
  const users = namedList(doc, "users", "user", origin);
  const contextName = options.context ?? doc["current-context"];
  if (typeof contextName !== "string" || !contextName) {
    throw invalid(origin, `has no current-context; set current-context to one of the contexts (${namesOf(contexts)})`);
  }
  const context = contexts.find((c) => c.name === contextName);
  if (!context) throw invalid(origin, `context "${contextName}" is not in contexts (has ${namesOf(contexts)})`);
  const clusterName = context.body.cluster;
  if (typeof clusterName !== "string" || !clusterName) {
    throw invalid(origin, `contexts[${context.index}].context.cluster is missing (context "${contextName}")`);
  }
  const cluster = clusters.find((c) => c.name === clusterName);
  if (!cluster) {
    throw invalid(origin, `context "${contextName}" refers to cluster "${clusterName}", which is not in clusters (has ${namesOf(clusters)})`);
  }
  const server = checkServer(cluster.body.server, `clusters[${cluster.index}].cluster.server`, origin);
  if (server.protocol === "http:" && cluster.body["insecure-skip-tls-verify"] !== true) {
    // client-node's rule: plain HTTP only where TLS verification is knowingly off.
    throw invalid(origin, `clusters[${cluster.index}].cluster.server is plain http://; use https:// or set insecure-skip-tls-verify: true`);
  }
  if (cluster.body["proxy-url"] !== undefined) {
    throw invalid(origin, `clusters[${cluster.index}].cluster.proxy-url is not supported; reach the API server directly`);
  }
  const userName = context.body.user;
  let user: Entry = {};
  if (userName !== undefined && userName !== "") {
    if (typeof userName !== "string") throw invalid(origin, `contexts[${context.index}].context.user must be a string`);
    const found = users.find((u) => u.name === userName);
    if (!found) throw invalid(origin, `context "${contextName}" refers to user "${userName}", which is not in users (has ${namesOf(users)})`);
    user = found.body;
    const hasCert = user["client-certificate-data"] !== undefined || user["client-certificate"] !== undefined;
    const hasKey = user["client-key-data"] !== undefined || user["client-key"] !== undefined;
    if (hasCert !== hasKey) {
      throw invalid(origin, `users[${found.index}].user has a client ${hasCert ? "certificate without a key" : "key without a certificate"}`);
    }
  }
  checkInlinePem(cluster.body, "certificate-authority-data", `clusters[${cluster.index}].cluster`, origin);
  checkInlinePem(user, "client-certificate-data", `user "${userName}"`, origin);
  checkInlinePem(user, "client-key-data", `user "${userName}"`, origin);
  return {
    origin,
    contextName,
    clusterName,
    userName: typeof userName === "string" && userName ? userName : undefined,
    server,
    cluster: resolveFiles(cluster.body, ["certificate-authority"], options.baseDir),
    user: resolveFiles(user, ["client-certificate", "client-key", "token-file"], options.baseDir),
  };
}

/** Certificates and keys are checked when the kubeconfig is read, not at the first TLS handshake, and named by field. */
function checkInlinePem(entry: Entry, key: string, where: string, origin: string): void {
  const value = entry[key];
  if (value === undefined) return;
  const problem = `${where}: ${key} is not a base64-encoded PEM ${key.includes("key") ? "private key" : "certificate"}`;
  if (typeof value !== "string") throw invalid(origin, problem);
  try {
    const pem = Buffer.from(value, "base64");
    if (key === "client-key-data") createPrivateKey(pem);
    else new X509Certificate(pem);
  } catch {
    throw invalid(origin, problem);
  }
}

function resolveFiles(entry: Entry, keys: string[], baseDir: string | undefined): Entry {
  if (!baseDir) return entry;
  const out = { ...entry };
  for (const key of keys) {
    const v = out[key];
    if (typeof v === "string" && v && !path.isAbsolute(v)) out[key] = path.join(baseDir, v);
  }
  return out;
}

const fileFields = {
  "certificate-authority": "certificate-authority-data",
  "client-certificate": "client-certificate-data",
  "client-key": "client-key-data",
  "token-file": "token",
} as const;

/**
 * A kubeconfig held in a Secret must carry its credentials inline: file references would make the fedplane server read
 * its own files and send them to that cluster, and exec/auth-provider plugins would run commands on it.
 */
export function requireInlineCredentials(sel: SelectedContext): void {
  const where = (key: string) => `${key} (cluster "${sel.clusterName}", user "${sel.userName ?? ""}")`;
  for (const [file, inline] of Object.entries(fileFields)) {
    const entry = file === "certificate-authority" ? sel.cluster : sel.user;
    if (entry[file] !== undefined) throw invalid(sel.origin, `${where(file)} refers to a file; inline it as ${inline}`);
  }
  if (sel.user.exec !== undefined) {
    throw invalid(
      sel.origin,
      `${where("exec")}: exec credential plugins are not supported here (they would run a command on the fedplane server); use a service-account token or a client certificate`,
    );
  }
  if (sel.user["auth-provider"] !== undefined) {
    throw invalid(sel.origin, `${where("auth-provider")}: auth-provider plugins are not supported here; use a service-account token or a client certificate`);
  }
  const hasToken = typeof sel.user.token === "string" && sel.user.token !== "";
  const hasCert = sel.user["client-certificate-data"] !== undefined;
  const hasBasic = sel.user.username !== undefined && sel.user.password !== undefined;
  if (!hasToken && !hasCert && !hasBasic && sel.server.protocol !== "embedded:") {
    throw invalid(
      sel.origin,
      `${sel.userName ? `user "${sel.userName}"` : `context "${sel.contextName}"`} has no credentials; give it a token or client-certificate-data + client-key-data`,
    );
  }
}

/** A KubeConfig holding only the selected context: each cluster client owns one, so nothing ever switches contexts. */
export function toKubeConfig(sel: SelectedContext): KubeConfig {
  const kc = new KubeConfig();
  const doc = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: sel.clusterName, cluster: sel.cluster }],
    users: sel.userName ? [{ name: sel.userName, user: sel.user }] : [],
    contexts: [{ name: sel.contextName, context: { cluster: sel.clusterName, ...(sel.userName ? { user: sel.userName } : {}) } }],
    "current-context": sel.contextName,
  };
  // JSON is YAML, so client-node's own parser reads exactly what we validated.
  try {
    kc.loadFromString(JSON.stringify(doc));
  } catch (e) {
    // client-node reads token-file while loading; its errors carry paths at most, never file contents.
    throw invalid(sel.origin, `cannot be loaded: ${(e as Error).message}`);
  }
  return kc;
}

export function loadKubeconfigFile(file: string, context?: string): SelectedContext {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ApiError("Invalid", `cannot read kubeconfig file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return selectContext(parseKubeconfig(text, file), file, { context, baseDir: path.dirname(path.resolve(file)) });
}

/** Copies the chosen context out of a caller's KubeConfig, so later changes to theirs never affect this client. */
export function selectFromKubeConfig(kc: KubeConfig, context?: string): SelectedContext {
  return selectContext(JSON.parse(kc.exportConfig()) as Entry, "KubeConfig object", { context });
}

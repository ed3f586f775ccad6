import type { KubeConfig } from "@kubernetes/client-node";
import type {
  CallOptions,
  ClusterClient,
  DeleteOptions,
  ListOptions,
  ServerVersion,
  WatchHandle,
  WatchHandlers,
  WatchOptions,
  WriteOptions,
} from "../client.js";
import { ApiError, isConflict } from "../errors.js";
import type { KubeObject, ObjectList } from "../object.js";
import { apiVersionOf, resourceKey, type ResourceType } from "../resource-type.js";
import {
  loadKubeconfigFile,
  parseKubeconfig,
  requireInlineCredentials,
  selectContext,
  selectFromKubeConfig,
  toKubeConfig,
  type SelectedContext,
} from "./kubeconfig.js";
import { collectionPath, objectPath, queryString } from "./paths.js";
import { Transport } from "./transport.js";
import { KubeWatch, type WatchTuning } from "./watch.js";

export interface KubernetesClientOptions {
  /** Deadline of one request (default 30 s): a hung API server never blocks a caller forever. */
  requestTimeoutMs?: number;
  /** Deadline of version() and ready(), the liveness/readiness probes (default 5 s). */
  probeTimeoutMs?: number;
  /** Server-side watch timeout, randomised up to twice this (default 60 s); also bounds how long a dead watch lasts. */
  watchTimeoutSeconds?: number;
  /** Client-side watchdog: a watch silent for this long, bookmarks included, is closed (default: its timeout + 15 s). */
  watchIdleTimeoutMs?: number;
  /** Concurrent connections for ordinary requests (default 32). */
  maxSockets?: number;
  /** Page size of list() (default 500); pages are stitched into one consistent list. */
  listPageSize?: number;
}

export interface KubeconfigTextOptions extends KubernetesClientOptions {
  /** Use this context instead of current-context. */
  context?: string;
  /** Where the text came from, for messages (e.g. "Secret gloo-system/cluster-a"). */
  origin?: string;
}

// Updates without a resourceVersion read the current one first; custom resources refuse unconditional PUTs.
const UNCONDITIONAL_UPDATE_ATTEMPTS = 5;

/** A ClusterClient for a real Kubernetes API server, one KubeConfig (one context) per instance. */
export class KubernetesClusterClient implements ClusterClient {
  private readonly transport: Transport;
  private readonly watches = new Set<KubeWatch<any>>();
  private readonly tuning: WatchTuning;
  private readonly probeTimeoutMs: number;
  private readonly pageSize: number;

  /** From a kubeconfig file (people, tests); any authentication client-node supports, exec plugins included. */
  static fromFile(name: string, file: string, options: KubernetesClientOptions & { context?: string } = {}): KubernetesClusterClient {
    return new KubernetesClusterClient(name, loadKubeconfigFile(file, options.context), options);
  }

  /**
   * From kubeconfig text such as a `solo.io/kubeconfig` Secret holds. Credentials must be inline (token or client
   * certificate): file references and exec/auth-provider plugins would act on the fedplane server itself.
   */
  static fromKubeconfigText(name: string, text: string, options: KubeconfigTextOptions = {}): KubernetesClusterClient {
    const origin = options.origin ?? `cluster "${name}"`;
    const selected = selectContext(parseKubeconfig(text, origin), origin, { context: options.context });
    requireInlineCredentials(selected);
    return new KubernetesClusterClient(name, selected, options);
  }

  /** From a KubeConfig the caller holds; the chosen context is copied, so switching theirs later changes nothing here. */
  static fromKubeConfig(name: string, kc: KubeConfig, options: KubernetesClientOptions & { context?: string } = {}): KubernetesClusterClient {
    return new KubernetesClusterClient(name, selectFromKubeConfig(kc, options.context), options);
  }

  constructor(
    readonly name: string,
    selected: SelectedContext,
    options: KubernetesClientOptions = {},
  ) {
    if (selected.server.protocol === "embedded:") {
      throw new ApiError("Invalid", `kubeconfig (${selected.origin}): ${selected.server.href} is an embedded cluster, not a Kubernetes API server`);
    }
    this.transport = new Transport(toKubeConfig(selected), name, {
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      maxSockets: options.maxSockets ?? 32,
    });
    this.tuning = {
      serverTimeoutSeconds: options.watchTimeoutSeconds ?? 60,
      idleTimeoutMs: options.watchIdleTimeoutMs,
    };
    this.probeTimeoutMs = options.probeTimeoutMs ?? 5_000;
    this.pageSize = options.listPageSize ?? 500;
  }

  /** The API server URL (no credentials), for messages and status pages. */
  get server(): string {
    return this.transport.target.server;
  }

  get<T extends KubeObject = KubeObject>(type: ResourceType, namespace: string | undefined, name: string, options: CallOptions = {}): Promise<T> {
    return this.transport.request<T>("GET", objectPath(type, namespace, name), { resource: resourceKey(type), signal: options.signal });
  }

  async list<T extends KubeObject = KubeObject>(type: ResourceType, options: ListOptions = {}): Promise<ObjectList<T>> {
    const items: T[] = [];
    let resourceVersion = "";
    let cont: string | undefined;
    do {
      const page = await this.transport.request<{ items?: T[]; metadata?: { resourceVersion?: string; continue?: string } }>(
        "GET",
        collectionPath(type, options.namespace) +
          queryString({ labelSelector: options.labelSelector, limit: this.pageSize, continue: cont }),
        { resource: resourceKey(type), signal: options.signal },
      );
      // Every page is served from the first page's snapshot, so its resourceVersion is the list's.
      resourceVersion ||= page.metadata?.resourceVersion ?? "";
      for (const item of page.items ?? []) items.push(withTypeMeta(type, item));
      cont = page.metadata?.continue || undefined;
    } while (cont);
    return { items, resourceVersion };
  }

  create<T extends KubeObject = KubeObject>(type: ResourceType, obj: T, options: WriteOptions = {}): Promise<T> {
    const ns = type.namespaced ? requireNamespace(type, obj) : undefined;
    return this.transport.request<T>("POST", collectionPath(type, ns) + writeQuery(options), {
      body: withTypeMeta(type, obj),
      ...writeRequest(type, options),
    });
  }

  update<T extends KubeObject = KubeObject>(type: ResourceType, obj: T, options: WriteOptions = {}): Promise<T> {
    return this.put(type, obj, options);
  }

  updateStatus<T extends KubeObject = KubeObject>(type: ResourceType, obj: T, options: WriteOptions = {}): Promise<T> {
    return this.put(type, obj, options, "status");
  }

  patch<T extends KubeObject = KubeObject>(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    mergePatch: unknown,
    options: WriteOptions = {},
  ): Promise<T> {
    return this.transport.request<T>("PATCH", objectPath(type, namespace, name) + writeQuery(options), {
      body: mergePatch,
      contentType: "application/merge-patch+json",
      ...writeRequest(type, options),
    });
  }

  async delete(type: ResourceType, namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<void> {
    const preconditions = options.preconditions;
    const body =
      preconditions && (preconditions.resourceVersion || preconditions.uid)
        ? { apiVersion: "v1", kind: "DeleteOptions", preconditions }
        : undefined;
    await this.transport.request("DELETE", objectPath(type, namespace, name) + queryString({ dryRun: options.dryRun ? "All" : undefined }), {
      body,
      resource: resourceKey(type),
      signal: options.signal,
    });
  }

  watch<T extends KubeObject = KubeObject>(type: ResourceType, options: WatchOptions, handlers: WatchHandlers<T>): WatchHandle {
    const w: KubeWatch<T> = new KubeWatch<T>(this.transport, type, options, handlers, this.tuning, (done) => this.watches.delete(done));
    this.watches.add(w);
    return w;
  }

  async version(options: CallOptions = {}): Promise<ServerVersion> {
    const v = await this.transport.request<ServerVersion>("GET", "/version", { timeoutMs: this.probeTimeoutMs, signal: options.signal });
    return { gitVersion: v.gitVersion, major: v.major, minor: v.minor };
  }

  /** Resolves when /readyz says the API server can serve; rejects with ServiceUnavailable naming the failing checks. */
  async ready(): Promise<void> {
    const { status, text } = await this.transport.exchange("GET", "/readyz?verbose", { timeoutMs: this.probeTimeoutMs });
    if (status === 200) return;
    const failing = text
      .split("\n")
      .filter((l) => l.startsWith("[-]"))
      .map((l) => l.slice(3).trim());
    throw new ApiError(
      "ServiceUnavailable",
      `cluster "${this.name}" (${this.server}) is not ready (HTTP ${status})${failing.length ? `: ${failing.join("; ")}` : ""}`,
    );
  }

  async close(): Promise<void> {
    for (const w of [...this.watches]) w.stop();
    this.transport.close();
  }

  private async put<T extends KubeObject>(type: ResourceType, obj: T, options: WriteOptions, subresource?: string): Promise<T> {
    const ns = type.namespaced ? requireNamespace(type, obj) : undefined;
    const path = objectPath(type, ns, obj.metadata?.name, subresource) + writeQuery(options);
    const send = (body: T) => this.transport.request<T>("PUT", path, { body: withTypeMeta(type, body), ...writeRequest(type, options) });
    if (obj.metadata.resourceVersion) return send(obj);
    for (let attempt = 1; ; attempt++) {
      const current = await this.get<T>(type, ns, obj.metadata.name, { signal: options.signal });
      try {
        return await send({ ...obj, metadata: { ...obj.metadata, resourceVersion: current.metadata.resourceVersion } });
      } catch (e) {
        if (!isConflict(e) || attempt >= UNCONDITIONAL_UPDATE_ATTEMPTS) throw e;
      }
    }
  }
}

/** dryRun and fieldValidation as the API server's query parameters. */
function writeQuery(options: WriteOptions): string {
  return queryString({ dryRun: options.dryRun ? "All" : undefined, fieldValidation: options.fieldValidation });
}

function writeRequest(type: ResourceType, options: WriteOptions) {
  return { resource: resourceKey(type), signal: options.signal, warnings: options.warnings };
}

function requireNamespace(type: ResourceType, obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  if (!ns) throw new ApiError("BadRequest", `${resourceKey(type)} is namespaced: metadata.namespace is required for "${obj.metadata?.name ?? ""}"`);
  return ns;
}

/** List items of built-in kinds come without apiVersion/kind; callers get them like from get(). */
function withTypeMeta<T extends KubeObject>(type: ResourceType, obj: T): T {
  if (obj.apiVersion && obj.kind) return obj;
  return { ...obj, apiVersion: obj.apiVersion || apiVersionOf(type), kind: obj.kind || type.kind };
}

import type { KubeObject, ObjectList, WatchEvent } from "./object.js";
import type { ResourceType } from "./resource-type.js";

/**
 * Every call can be cancelled: an aborted signal ends the request (the Kubernetes transport destroys its socket, the
 * embedded backend refuses a call it has not yet applied) and the call rejects with a ClusterConnectionError, code
 * ETIMEDOUT when the signal's reason is a TimeoutError (AbortSignal.timeout), ABORT_ERR otherwise.
 */
export interface CallOptions {
  signal?: AbortSignal;
}

/** Options of create/update/updateStatus/patch, with Kubernetes' meanings. */
export interface WriteOptions extends CallOptions {
  /** dryRun=All: admission and validation run, nothing is stored. */
  dryRun?: boolean;
  /** fieldValidation: Strict refuses unknown or duplicate fields; Warn (the API server's default) reports them. */
  fieldValidation?: "Strict" | "Warn" | "Ignore";
  /** The API server's warnings for this call (Warning headers: unknown or pruned fields, deprecations) are appended here. */
  warnings?: string[];
}

export interface ListOptions extends CallOptions {
  namespace?: string; // omitted: all namespaces
  labelSelector?: string; // Kubernetes string form: "a=b,c!=d,e in (f,g),!h"
}

export interface WatchOptions extends ListOptions {
  /** Start after this resourceVersion (from a list). Too old: the watch ends with ApiError "Gone" (410). */
  resourceVersion: string;
}

export interface WatchHandle {
  /** Ends the watch; onClose is not called after stop(). */
  stop(): void;
}

export interface WatchHandlers<T extends KubeObject = KubeObject> {
  onEvent(event: WatchEvent<T>): void;
  /** The watch ended without stop(): err is an ApiError ("Gone" for a too-old resourceVersion) or a transport error. */
  onClose(err?: Error): void;
}

export interface DeleteOptions extends CallOptions {
  dryRun?: boolean;
  /** Delete only if the object still has this resourceVersion/uid (409 Conflict otherwise). */
  preconditions?: { resourceVersion?: string; uid?: string };
}

export interface ServerVersion {
  gitVersion: string;
  major?: string;
  minor?: string;
}

/**
 * One cluster, Kubernetes semantics exactly: resourceVersion on every write, optimistic concurrency, generation on spec
 * changes, finalizers, status subresource, ordered watches with 410 Gone. Every read or write fedplane makes to a
 * cluster goes through this interface, so the embedded backend and real API servers are interchangeable.
 * All methods throw ApiError for API failures.
 */
export interface ClusterClient {
  readonly name: string;
  get<T extends KubeObject = KubeObject>(type: ResourceType, namespace: string | undefined, name: string, options?: CallOptions): Promise<T>;
  list<T extends KubeObject = KubeObject>(type: ResourceType, options?: ListOptions): Promise<ObjectList<T>>;
  create<T extends KubeObject = KubeObject>(type: ResourceType, obj: T, options?: WriteOptions): Promise<T>;
  /** Replaces spec/metadata (status is ignored); metadata.resourceVersion, when set, must match (409 Conflict). */
  update<T extends KubeObject = KubeObject>(type: ResourceType, obj: T, options?: WriteOptions): Promise<T>;
  /** Writes only status through the status subresource; resourceVersion, when set, must match. */
  updateStatus<T extends KubeObject = KubeObject>(type: ResourceType, obj: T, options?: WriteOptions): Promise<T>;
  /** JSON merge patch (RFC 7386) of the object (not status). */
  patch<T extends KubeObject = KubeObject>(type: ResourceType, namespace: string | undefined, name: string, mergePatch: unknown, options?: WriteOptions): Promise<T>;
  delete(type: ResourceType, namespace: string | undefined, name: string, options?: DeleteOptions): Promise<void>;
  watch<T extends KubeObject = KubeObject>(type: ResourceType, options: WatchOptions, handlers: WatchHandlers<T>): WatchHandle;
  /** Cheap liveness probe: the server's version. Rejects when the cluster cannot be reached. */
  version(options?: CallOptions): Promise<ServerVersion>;
  /** Releases connections and watches. */
  close(): Promise<void>;
}

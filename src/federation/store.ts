import type { ClusterClient } from "../cluster/client.js";
import { errorMessage, isNotFound } from "../cluster/errors.js";
import { Informer, type InformerOptions } from "../cluster/informer.js";
import { FederationError } from "./errors.js";
import type { WatchEventType } from "../cluster/object.js";
import { Channel, type Unsubscribe } from "./events.js";
import { federatedKinds, type FederatedKind } from "./kinds.js";
import type { FederatedObject } from "./resource.js";

export interface StoreEvent {
  type: WatchEventType;
  kind: FederatedKind;
  object: FederatedObject;
  /** The previous state, for MODIFIED. */
  old?: FederatedObject;
}

export interface FederatedStoreOptions {
  /** Watch federated objects in this namespace only (default: all namespaces). */
  namespace?: string;
  informer?: Omit<InformerOptions, "namespace" | "labelSelector">;
}

/**
 * The federated objects of every kind, as a watch cache of the admin cluster (one informer per kind). Reads of the API
 * and the reconciler's view both come from here; objects are frozen.
 */
export class FederatedStore {
  private readonly informers = new Map<string, Informer<FederatedObject>>();
  private readonly events = new Channel<StoreEvent>();
  private started = false;

  constructor(
    readonly admin: ClusterClient,
    private readonly options: FederatedStoreOptions = {},
  ) {}

  get namespace(): string | undefined {
    return this.options.namespace;
  }

  /**
   * Starts the informers and resolves when every kind is listed, or known not to be installed: a kind whose CRD the
   * admin cluster lacks does not hold the others up. Its informer keeps retrying, so a CRD installed later is picked
   * up without a restart (within the informer's backoff, at most 30 s).
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const kind of federatedKinds) {
      const informer = new Informer<FederatedObject>(this.admin, kind.type, { ...this.options.informer, namespace: this.options.namespace });
      informer.addHandlers({
        onAdd: (object) => this.events.emit({ type: "ADDED", kind, object }),
        onUpdate: (object, old) => this.events.emit({ type: "MODIFIED", kind, object, old }),
        onDelete: (object) => this.events.emit({ type: "DELETED", kind, object }),
      });
      this.informers.set(kind.name, informer);
      informer.start();
    }
    await Promise.all([...this.informers.values()].map((i) => syncedOrMissing(i)));
  }

  /** Kinds whose CRD the admin cluster does not serve (their lists answer NotFound), in kinds-table order. */
  missingKinds(): FederatedKind[] {
    return federatedKinds.filter((k) => {
      const informer = this.informers.get(k.name);
      return informer !== undefined && !informer.hasSynced && isNotFound(informer.lastError);
    });
  }

  /** Kinds not listed yet (and not known to be missing), with the last error of each: what start() waits for. */
  pending(): string[] {
    return federatedKinds.flatMap((k) => {
      const informer = this.informers.get(k.name);
      if (!informer || informer.hasSynced || isNotFound(informer.lastError)) return [];
      return [`${crdNameOf(k)}${informer.lastError ? ` (${errorMessage(informer.lastError)})` : ""}`];
    });
  }

  /** A clear error for using a kind whose CRD is not installed; undefined when it is (or not known yet). */
  missingError(kind: FederatedKind): FederationError | undefined {
    if (!this.missingKinds().includes(kind)) return undefined;
    return new FederationError(
      "UNAVAILABLE",
      `${kind.name} cannot be used: its CRD ${crdNameOf(kind)} is not installed on the admin cluster; install it (kubectl apply -f deploy/crds/${kind.type.group}_${kind.type.plural}.yaml) and fedplane picks it up without a restart`,
      "kind",
    );
  }

  stop(): void {
    for (const informer of this.informers.values()) informer.stop();
    this.informers.clear();
    this.started = false;
  }

  /** Every kind is listed, or known not to be installed (missingKinds). */
  get synced(): boolean {
    return this.informers.size > 0 && [...this.informers.values()].every((i) => i.hasSynced || isNotFound(i.lastError));
  }

  get(kind: FederatedKind, namespace: string, name: string): FederatedObject | undefined {
    return this.informers.get(kind.name)?.get(namespace, name);
  }

  /** Objects of one kind (or all kinds), optionally in one namespace. */
  list(kind?: FederatedKind, namespace?: string): FederatedObject[] {
    const kinds = kind ? [kind] : federatedKinds;
    return kinds.flatMap((k) => {
      const items = this.informers.get(k.name)?.list() ?? [];
      return namespace === undefined ? items : items.filter((o) => o.metadata.namespace === namespace);
    });
  }

  /** Replays nothing: only changes from now on. */
  onEvent(listener: (event: StoreEvent) => void): Unsubscribe {
    return this.events.subscribe(listener);
  }

  /**
   * Resolves once the cached object satisfies `until` (e.g. holds a write just made), so reads that follow a write see
   * it. Gives up quietly after timeoutMs: the cache is then merely behind, not wrong.
   */
  async caughtUp(
    kind: FederatedKind,
    namespace: string,
    name: string,
    until: (cached: FederatedObject | undefined) => boolean,
    timeoutMs = 5000,
  ): Promise<void> {
    if (until(this.get(kind, namespace, name))) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const unsubscribe = this.events.subscribe((e) => {
        if (e.kind === kind && e.object.metadata.namespace === namespace && e.object.metadata.name === name && until(this.get(kind, namespace, name))) done();
      });
      function done() {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      }
    });
  }
}

export const crdNameOf = (kind: FederatedKind): string => `${kind.type.plural}.${kind.type.group}`;

/** Resolves when the informer has synced or its list answered NotFound (the CRD is not installed). */
function syncedOrMissing(informer: Informer<FederatedObject>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (!isNotFound(informer.lastError)) return;
      clearInterval(timer);
      resolve();
    }, 50);
    informer.waitForSync().then(
      () => {
        clearInterval(timer);
        resolve();
      },
      (e: unknown) => {
        clearInterval(timer);
        reject(e);
      },
    );
  });
}

/** Whether the cached object is at least as new as resourceVersion (API servers issue increasing integers). */
export function atLeast(resourceVersion: string): (cached: FederatedObject | undefined) => boolean {
  return (cached) => cached !== undefined && !olderThan(cached.metadata.resourceVersion, resourceVersion);
}

/** resourceVersions are opaque strings, but every API server (and the embedded one) issues increasing integers. */
function olderThan(rv: string | undefined, than: string): boolean {
  if (rv === undefined) return true;
  if (!/^\d+$/.test(rv) || !/^\d+$/.test(than)) return rv !== than;
  return rv.length !== than.length ? rv.length < than.length : rv < than;
}

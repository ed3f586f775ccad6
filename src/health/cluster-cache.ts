import type { ClusterClient } from "../cluster/client.js";
import { errorMessage, isApiError } from "../cluster/errors.js";
import { Informer } from "../cluster/informer.js";
import type { KubeObject } from "../cluster/object.js";
import { core, resourceKey, type ResourceType } from "../cluster/resource-type.js";
import { glooKinds } from "../gloo/kinds.js";
import { watchedKinds, type ClusterView, type ReadFailure } from "./cluster-view.js";
import { secretRefs } from "./resource-checks.js";

/**
 * The watch caches health reads for one cluster: Gloo's kinds everywhere, Gloo's own workloads by label, nodes, and
 * Secrets only in the namespaces Gloo resources reference secrets in (a cluster's Secrets are many and large; the
 * check only needs to know whether the referenced ones exist). Checks read these caches and never call the cluster.
 */
export class ClusterCache implements ClusterView {
  private readonly informers = new Map<string, Informer>();
  private readonly secretInformers = new Map<string, Informer>();
  private stopped = false;

  constructor(
    readonly client: ClusterClient,
    /** Something in the cache changed. */
    private readonly onChange: () => void,
  ) {}

  start(): this {
    for (const { type, labelSelector } of watchedKinds) {
      this.informers.set(resourceKey(type), this.informer(type, { labelSelector }));
    }
    return this;
  }

  stop(): void {
    this.stopped = true;
    for (const informer of [...this.informers.values(), ...this.secretInformers.values()]) informer.stop();
  }

  /** Resolves when every cache has listed once or failed to (so a first check says something true). */
  async settled(timeoutMs: number): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync({ timeoutMs }).catch(() => undefined)));
  }

  list(type: ResourceType, namespace?: string): readonly KubeObject[] {
    if (type === core.secrets) {
      const informers = namespace === undefined ? [...this.secretInformers.values()] : [this.secretInformers.get(namespace)].filter((i) => !!i);
      return informers.flatMap((i) => i!.list());
    }
    const all = this.informers.get(resourceKey(type))?.list() ?? [];
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
  }

  /**
   * The complete, loaded cache of a Gloo kind (others are filtered by label or namespace, so they cannot stand in
   * for a list), or undefined.
   */
  complete(type: ResourceType, namespace?: string): readonly KubeObject[] | undefined {
    const informer = this.informers.get(resourceKey(type));
    if (!informer?.hasSynced || !Object.values(glooKinds).some((k) => resourceKey(k) === resourceKey(type))) return undefined;
    return this.list(type, namespace);
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.informers.get(resourceKey(type))?.get(namespace, name);
  }

  readFailure(type: ResourceType): ReadFailure | undefined {
    if (type === core.secrets) {
      for (const informer of this.secretInformers.values()) {
        const failure = failureOf(informer);
        if (failure) return failure;
      }
      return undefined;
    }
    const informer = this.informers.get(resourceKey(type));
    return informer ? failureOf(informer) : { reason: "NotFound", message: `${resourceKey(type)} is not cached` };
  }

  private informer(type: ResourceType, options: { namespace?: string; labelSelector?: string }): Informer {
    const informer = new Informer(this.client, type, options);
    const changed = () => {
      if (!this.stopped) this.onChange();
    };
    informer.addHandlers({ onAdd: changed, onUpdate: changed, onDelete: changed });
    // An empty list adds nothing, but "loaded" is news too.
    informer.waitForSync().then(changed, () => undefined);
    return informer.start();
  }

  /** Starts a Secrets cache in every namespace a Gloo resource now references a secret in (call after changes). */
  followSecretReferences(): void {
    for (const type of Object.values(glooKinds)) {
      for (const obj of this.informers.get(resourceKey(type))?.list() ?? []) {
        for (const ref of secretRefs(obj)) {
          if (!this.secretInformers.has(ref.namespace)) this.secretInformers.set(ref.namespace, this.informer(core.secrets, { namespace: ref.namespace }));
        }
      }
    }
  }
}

function failureOf(informer: Informer): ReadFailure | undefined {
  if (informer.hasSynced) return undefined;
  const error = informer.lastError;
  if (!error) return { reason: "Unknown", message: "not loaded yet", loading: true };
  return { reason: isApiError(error) ? error.reason : "ServiceUnavailable", message: errorMessage(error) };
}

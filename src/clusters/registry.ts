import { hostname } from "node:os";
import type { ClusterClient } from "../cluster/client.js";
import { errorMessage, isConflict, isNotFound } from "../cluster/errors.js";
import { Informer } from "../cluster/informer.js";
import type { KubeObject } from "../cluster/object.js";
import { core } from "../cluster/resource-type.js";
import { Channel, type Unsubscribe } from "../federation/events.js";
import { deepEqual } from "../federation/json.js";
import { FEDERATION_NAMESPACE, FINALIZER } from "../federation/kinds.js";
import { ConnectionWatcher, type ConnectionState, type ConnectionWatchOptions } from "./connection.js";
import { kubernetesClusterType } from "./kinds.js";
import { grantedRules } from "./policy-rules.js";
import { kubeconfigOf, type KubernetesClusterCondition, type KubernetesClusterObject, type PolicyRule } from "./records.js";
import { withTimeout } from "./timeout.js";

/** A registered cluster as the rest of fedplane sees it. Immutable: every change produces a new value. */
export interface RegisteredCluster {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The admin cluster itself, registered as `local`. */
  readonly local: boolean;
  /** undefined while the cluster's credentials are missing or unusable (credentialError says why). */
  readonly client: ClusterClient | undefined;
  readonly credentialError?: string;
  readonly connection: ConnectionState;
  /** The KubernetesCluster object (undefined for the local cluster). */
  readonly record?: KubernetesClusterObject;
}

export type ClusterChange = "labels" | "client" | "readiness" | "connection";

export type ClusterEvent =
  | { type: "added"; cluster: RegisteredCluster }
  | { type: "removed"; cluster: RegisteredCluster }
  | { type: "changed"; cluster: RegisteredCluster; previous: RegisteredCluster; changes: ClusterChange[] };

/** Whether fedplane should try to write to a cluster now: it has credentials and is not known to be unreachable. */
export function isUsable(cluster: RegisteredCluster): cluster is RegisteredCluster & { client: ClusterClient } {
  return cluster.client !== undefined && !(cluster.connection.lastProbeTime !== undefined && !cluster.connection.ready);
}

/** Why a cluster cannot be written to, for status messages; undefined when it can. */
export function unusableReason(cluster: RegisteredCluster): string | undefined {
  if (!cluster.client) return `cluster ${cluster.name} has no usable credentials: ${cluster.credentialError}`;
  if (!isUsable(cluster)) return `cluster ${cluster.name} is unreachable: ${cluster.connection.lastError}`;
  return undefined;
}

export interface ClusterRegistryOptions {
  /** The admin cluster: holds KubernetesCluster objects and kubeconfig Secrets; registered as `local` by default. */
  admin: ClusterClient;
  /** kubeconfig text -> client (the connector, with the embedded resolver in the embedded default). May throw. */
  connect: (name: string, kubeconfig: string) => ClusterClient;
  /** The federation namespace (default gloo-system). */
  namespace?: string;
  /** Register the admin cluster as a member cluster (default true). */
  registerLocal?: boolean;
  /** Its name (default "local"). */
  localName?: string;
  localLabels?: Record<string, string>;
  probe?: ConnectionWatchOptions;
  /** Owner of the status entries written on KubernetesCluster objects (default: POD_NAME or the host name). */
  writtenBy?: string;
  /** How long to wait for cleanup hooks when a cluster is deregistered before letting it go anyway (default 60 s). */
  cleanupTimeoutMs?: number;
  /**
   * Record what each member's credentials grant as status.policyRules (a SelfSubjectRulesReview in the member; default
   * true). Off for the embedded clusters, which have no RBAC.
   */
  policyRules?: boolean;
  /** Cleanup or status write problems (default: ignored). */
  onError?: (message: string, error: unknown) => void;
}

interface Entry {
  cluster: RegisteredCluster;
  kubeconfig?: string;
  watcher?: ConnectionWatcher;
  /** The rules the current client's credentials grant, once asked (per client: new credentials ask again). */
  policyRules?: Promise<PolicyRule[] | undefined>;
}

/**
 * The registered clusters: every KubernetesCluster (multicluster.solo.io/v1alpha1) in the federation namespace of the
 * admin cluster with its solo.io/kubeconfig Secret, as Gloo Federation registers them, plus the admin cluster as
 * `local`. Each has a client (via the connector) and a connection watcher; the KubernetesCluster's status says ACCEPTED
 * or FAILED with a message (written only when it changes). A finalizer on each KubernetesCluster lets cleanup hooks
 * (the reconciler removing what it placed there) run before a deregistered cluster's credentials are dropped.
 */
export class ClusterRegistry {
  private readonly namespace: string;
  private readonly localName: string;
  private readonly writtenBy: string;
  private readonly entries = new Map<string, Entry>();
  private readonly events = new Channel<ClusterEvent>();
  private readonly hooks = new Set<(cluster: RegisteredCluster) => Promise<void>>();
  private readonly syncing = new Map<string, { again: boolean; done: Promise<void> }>();
  private clusterInformer: Informer<KubernetesClusterObject> | undefined;
  private secretInformer: Informer | undefined;
  private running = false;

  constructor(private readonly options: ClusterRegistryOptions) {
    this.namespace = options.namespace ?? FEDERATION_NAMESPACE;
    this.localName = options.localName ?? "local";
    this.writtenBy = options.writtenBy ?? process.env.POD_NAME ?? hostname();
  }

  private get registersLocal(): boolean {
    return this.options.registerLocal ?? true;
  }

  get federationNamespace(): string {
    return this.namespace;
  }

  /** The admin cluster's client. */
  get admin(): ClusterClient {
    return this.options.admin;
  }

  /** Starts watching registrations; resolves once the registered clusters are known (not necessarily reachable). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const { admin } = this.options;
    const clusters = new Informer<KubernetesClusterObject>(admin, kubernetesClusterType, { namespace: this.namespace });
    const secrets = new Informer(admin, core.secrets, { namespace: this.namespace });
    this.clusterInformer = clusters;
    this.secretInformer = secrets;
    const onCluster = (obj: KubeObject) => this.schedule(obj.metadata.name);
    clusters.addHandlers({ onAdd: onCluster, onUpdate: onCluster, onDelete: onCluster });
    const onSecret = (obj: KubeObject) => {
      for (const name of this.namesUsingSecret(obj.metadata.name)) this.schedule(name);
    };
    secrets.addHandlers({ onAdd: onSecret, onUpdate: onSecret, onDelete: onSecret });
    clusters.start();
    secrets.start();
    await Promise.all([clusters.waitForSync(), secrets.waitForSync()]);
    // Gloo Federation's docs register the admin cluster explicitly (usually as `local`): that registration is used as
    // it is; the admin cluster is registered as `local` by fedplane only when no KubernetesCluster has the name.
    if (this.registersLocal && !clusters.get(this.namespace, this.localName) && !this.entries.has(this.localName)) this.addLocal();
    await Promise.all(clusters.list().map((c) => this.schedule(c.metadata.name)));
  }

  /** Stops watching and probing, and closes the clients it opened (not the admin client). No events afterwards. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.clusterInformer?.stop();
    this.secretInformer?.stop();
    await Promise.all([...this.syncing.values()].map((s) => s.done));
    for (const entry of this.entries.values()) await this.release(entry);
    this.entries.clear();
  }

  list(): RegisteredCluster[] {
    return [...this.entries.values()].map((e) => e.cluster).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  get(name: string): RegisteredCluster | undefined {
    return this.entries.get(name)?.cluster;
  }

  /** Listens for clusters added, removed and changed (labels, client, readiness). */
  onEvent(listener: (event: ClusterEvent) => void): Unsubscribe {
    return this.events.subscribe(listener);
  }

  /**
   * Runs hook before a deregistered cluster is dropped, while its client still works (bounded by cleanupTimeoutMs).
   * The cluster is no longer listed while hooks run. The reconciler removes the objects it placed there.
   */
  onBeforeRemove(hook: (cluster: RegisteredCluster) => Promise<void>): Unsubscribe {
    this.hooks.add(hook);
    return () => this.hooks.delete(hook);
  }

  // ---- registrations ----

  private addLocal() {
    const cluster: RegisteredCluster = {
      name: this.localName,
      labels: this.options.localLabels ?? {},
      local: true,
      client: this.options.admin,
      connection: { ready: false },
    };
    const entry: Entry = { cluster };
    this.entries.set(cluster.name, entry);
    this.watch(entry, this.options.admin);
    this.events.emit({ type: "added", cluster });
  }

  /** The `local` registration went: the admin cluster stays registered as `local`, in place (nothing is cleaned up). */
  private async becomeLocal(entry: Entry) {
    await this.release(entry);
    const previous = entry.cluster;
    entry.kubeconfig = undefined;
    entry.policyRules = undefined;
    entry.cluster = { name: previous.name, labels: this.options.localLabels ?? {}, local: true, client: this.options.admin, connection: { ready: false } };
    this.watch(entry, this.options.admin);
    this.events.emit({ type: "changed", cluster: entry.cluster, previous, changes: ["client", "labels"] });
  }

  private namesUsingSecret(secretName: string): string[] {
    return (this.clusterInformer?.list() ?? [])
      .filter((c) => (c.spec?.secretName || c.metadata.name) === secretName)
      .map((c) => c.metadata.name);
  }

  /** Serialises syncs of one name: a change arriving during a sync runs it once more afterwards. */
  private schedule(name: string): Promise<void> {
    const running = this.syncing.get(name);
    if (running) {
      running.again = true;
      return running.done;
    }
    const state = { again: false, done: Promise.resolve() };
    state.done = (async () => {
      do {
        state.again = false;
        try {
          await this.sync(name);
        } catch (e) {
          this.options.onError?.(`registering cluster ${name} failed`, e);
        }
      } while (state.again && this.running);
      this.syncing.delete(name);
    })();
    this.syncing.set(name, state);
    return state.done;
  }

  private async sync(name: string): Promise<void> {
    if (!this.running) return;
    let record = this.clusterInformer?.get(this.namespace, name);
    const entry = this.entries.get(name);
    if (record && !record.metadata.deletionTimestamp && entry?.cluster.local) {
      // A KubernetesCluster named like the auto-registered admin cluster appeared: the registration takes over, in
      // place (no removal, so nothing placed there is cleaned up); its own credentials are used from now on.
      entry.watcher?.stop();
      entry.watcher = undefined;
      entry.cluster = { ...entry.cluster, local: false, client: undefined };
      entry.kubeconfig = undefined;
    }
    if (!record || record.metadata.deletionTimestamp) {
      if (entry && !entry.cluster.local && name === this.localName && this.registersLocal) await this.becomeLocal(entry);
      else if (entry && !entry.cluster.local) await this.remove(entry);
      if (record?.metadata.finalizers?.includes(FINALIZER)) await this.removeFinalizer(record);
      return;
    }
    if (!record.metadata.finalizers?.includes(FINALIZER)) {
      const updated = await this.updateFinalizers(record, [...(record.metadata.finalizers ?? []), FINALIZER]);
      if (!updated) return; // conflict: the newer version arrives as an event and syncs again
      record = updated;
    }
    const secretName = record.spec?.secretName || name;
    const creds = kubeconfigOf(this.secretInformer?.get(this.namespace, secretName), `${this.namespace}/${secretName}`);
    const labels = { ...(record.metadata.labels ?? {}) };
    if (!entry) {
      const created: Entry = { cluster: { name, labels, local: false, client: undefined, connection: { ready: false }, record } };
      this.entries.set(name, created);
      this.connect(created, creds);
      this.events.emit({ type: "added", cluster: created.cluster });
    } else {
      const previous = entry.cluster;
      const changes: ClusterChange[] = [];
      if (!deepEqual(previous.labels, labels)) changes.push("labels");
      entry.cluster = { ...previous, labels, record };
      if (("kubeconfig" in creds ? creds.kubeconfig : undefined) !== entry.kubeconfig || ("error" in creds && creds.error !== previous.credentialError)) {
        await this.release(entry);
        this.connect(entry, creds);
        changes.push("client");
      }
      if (changes.length > 0) this.events.emit({ type: "changed", cluster: entry.cluster, previous, changes });
    }
    await this.reportStatus(name);
  }

  private connect(entry: Entry, creds: { kubeconfig: string } | { error: string }) {
    const name = entry.cluster.name;
    let client: ClusterClient | undefined;
    let credentialError: string | undefined;
    if ("error" in creds) credentialError = creds.error;
    else {
      try {
        client = this.options.connect(name, creds.kubeconfig);
      } catch (e) {
        credentialError = errorMessage(e);
      }
    }
    entry.kubeconfig = "kubeconfig" in creds ? creds.kubeconfig : undefined;
    entry.policyRules = undefined;
    entry.cluster = { ...entry.cluster, client, credentialError, connection: { ready: false } };
    if (client) this.watch(entry, client);
  }

  private watch(entry: Entry, client: ClusterClient) {
    const watcher = new ConnectionWatcher(client, this.options.probe ?? {}, (connection, previousState) => {
      if (this.entries.get(entry.cluster.name) !== entry || entry.watcher !== watcher) return;
      const previous = entry.cluster;
      entry.cluster = { ...previous, connection };
      const changes: ClusterChange[] = ["connection"];
      if (connection.ready !== previousState.ready || previousState.lastProbeTime === undefined) changes.push("readiness");
      this.events.emit({ type: "changed", cluster: entry.cluster, previous, changes });
      if (!entry.cluster.local) void this.reportStatus(entry.cluster.name);
    });
    entry.watcher = watcher;
    watcher.start();
  }

  private async release(entry: Entry) {
    entry.watcher?.stop();
    entry.watcher = undefined;
    const client = entry.cluster.client;
    if (client && !entry.cluster.local) await client.close().catch(() => {});
  }

  private async remove(entry: Entry) {
    const cluster = entry.cluster;
    // Out of the list first, so no new work targets the cluster while the hooks clean it up with its client.
    this.entries.delete(cluster.name);
    if (cluster.client) {
      const hooks = [...this.hooks].map((hook) => hook(cluster));
      await withTimeout(Promise.all(hooks), this.options.cleanupTimeoutMs ?? 60_000).catch((e) =>
        this.options.onError?.(`cleaning up cluster ${cluster.name} before deregistering it did not finish`, e),
      );
    }
    await this.release(entry);
    this.events.emit({ type: "removed", cluster });
  }

  // ---- writes to KubernetesCluster objects ----

  private async reportStatus(name: string) {
    const entry = this.entries.get(name);
    const record = this.clusterInformer?.get(this.namespace, name);
    if (!entry || !record || record.metadata.deletionTimestamp) return;
    const { cluster } = entry;
    if (cluster.credentialError) return this.writeStatus(record, "FAILED", cluster.credentialError);
    if (cluster.connection.lastProbeTime === undefined) return; // not probed yet: nothing true to say
    if (cluster.connection.ready) return this.writeStatus(record, "ACCEPTED", "", await this.policyRulesOf(entry, record));
    return this.writeStatus(record, "FAILED", `cluster is unreachable: ${cluster.connection.lastError}`);
  }

  /** Where the registration objects live in the member: as recorded (glooctl), else the federation namespace. */
  private registrationNamespace(record: KubernetesClusterObject): string {
    return record.status?.namespace || this.namespace;
  }

  private policyRulesOf(entry: Entry, record: KubernetesClusterObject): Promise<PolicyRule[] | undefined> {
    const client = entry.cluster.client;
    if (!client || this.options.policyRules === false) return Promise.resolve(undefined);
    entry.policyRules ??= grantedRules(client, this.registrationNamespace(record), 10_000).catch((e) => {
      this.options.onError?.(`asking cluster ${entry.cluster.name} which rules its credentials grant failed; status.policyRules left as it was`, e);
      entry.policyRules = undefined; // asked again with the next status report
      return undefined;
    });
    return entry.policyRules;
  }

  /**
   * Gloo Federation's KubernetesCluster status in its own types (int64 observedGeneration, date-time processingTime):
   * one entry per owner, fedplane's replaced; namespace and policyRules kept unless fedplane knows better.
   */
  private async writeStatus(record: KubernetesClusterObject, state: KubernetesClusterCondition["state"], message: string, policyRules?: PolicyRule[]) {
    const others = (record.status?.status ?? []).filter((c) => c.owner !== this.writtenBy);
    const mine = (record.status?.status ?? []).find((c) => c.owner === this.writtenBy);
    const observedGeneration = record.metadata.generation ?? 0;
    const namespace = this.registrationNamespace(record);
    const rules = policyRules ?? record.status?.policyRules;
    if (
      mine &&
      mine.state === state &&
      (mine.message ?? "") === message &&
      mine.observedGeneration === observedGeneration &&
      record.status?.namespace === namespace &&
      deepEqual(record.status?.policyRules ?? null, rules ?? null)
    )
      return;
    const condition: KubernetesClusterCondition = { state, message, observedGeneration, processingTime: new Date().toISOString(), owner: this.writtenBy };
    const status = { ...record.status, namespace, ...(rules ? { policyRules: rules } : {}), status: [...others, condition] };
    try {
      await this.options.admin.updateStatus(kubernetesClusterType, { ...record, status });
    } catch (e) {
      // A conflict means a newer version is on its way through the informer, which reports again.
      if (!isConflict(e) && !isNotFound(e)) this.options.onError?.(`writing the status of KubernetesCluster ${record.metadata.name} failed`, e);
    }
  }

  private async removeFinalizer(record: KubernetesClusterObject) {
    await this.updateFinalizers(record, (record.metadata.finalizers ?? []).filter((f) => f !== FINALIZER));
  }

  /** The updated record, or undefined when it changed or went meanwhile (its event then syncs again). */
  private async updateFinalizers(record: KubernetesClusterObject, finalizers: string[]): Promise<KubernetesClusterObject | undefined> {
    try {
      return await this.options.admin.update(kubernetesClusterType, { ...record, metadata: { ...record.metadata, finalizers } });
    } catch (e) {
      if (!isConflict(e) && !isNotFound(e)) throw e;
      return undefined;
    }
  }
}

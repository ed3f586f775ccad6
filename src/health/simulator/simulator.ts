import type { ClusterClient } from "../../cluster/client.js";
import { errorMessage, isAlreadyExists, isConflict, isNotFound } from "../../cluster/errors.js";
import { Informer } from "../../cluster/informer.js";
import type { KubeObject } from "../../cluster/object.js";
import { core, type ResourceType } from "../../cluster/resource-type.js";
import { glooKinds } from "../../gloo/kinds.js";
import { glooStatusFor } from "../gloo-status.js";
import { glooInstallation, type InstallationOptions } from "./installation.js";
import { validate, type Lookup, type Verdict } from "./validate.js";

/**
 * THE SANDBOX'S STAND-IN FOR GLOO. fedplane's embedded default has no real Gloo (no Envoy, no gloo pod), so a newcomer
 * running `npm start` would see no health at all. This simulator plays Gloo's part in one cluster:
 *  - install(): the objects a Gloo Edge install leaves (namespace, Deployments gloo and gateway-proxy with a healthy
 *    status, their Pods, the proxy Service, Settings `default`), written like any client would;
 *  - start(): a status reporter that watches every Gloo kind in every namespace and writes what Gloo would write,
 *    `status.statuses.<gloo namespace> = {state: Accepted|Rejected, reason, reportedBy: "gloo"}`, through the status
 *    subresource, re-evaluating when anything changes (a VirtualService turns Accepted once its Upstream appears).
 * Its validation (./validate.ts) covers the mistakes people make most, with Gloo-like reasons; it is not Gloo's.
 * Against a real cluster with real Gloo, do not run it: Gloo itself reports.
 */
export interface SimulatorOptions extends InstallationOptions {
  /** Names pods distinctly per cluster; defaults to the client's name. */
  clusterName?: string;
  onError?: (message: string) => void;
}

const REPORTED_BY = "gloo";

export class GlooSimulator {
  private readonly namespace: string;
  /** By kind name. */
  private readonly informers = new Map<string, Informer>();
  private running: Promise<void> | undefined;
  private dirty = false;
  private stopped = false;

  constructor(
    /** Reaches the cluster from the inside: in the embedded world a client that ignores simulated network faults. */
    private readonly client: ClusterClient,
    private readonly options: SimulatorOptions = {},
  ) {
    this.namespace = options.namespace ?? "gloo-system";
  }

  /** Writes the installation; objects already there are left as they are (a restart keeps what tests changed). */
  async install(): Promise<void> {
    const objects = glooInstallation(this.options.clusterName ?? this.client.name, this.options);
    for (const { type, object } of objects) {
      if (type === core.pods) await this.ensureDefaultServiceAccount();
      let created: KubeObject;
      try {
        created = await this.client.create(type, object);
      } catch (e) {
        if (isAlreadyExists(e)) continue;
        throw e;
      }
      // create drops status where a status subresource exists; a kubelet or controller would write it next.
      if (object.status) await this.client.updateStatus(type, { ...created, status: object.status });
    }
  }

  /** Pod admission needs the namespace's `default` ServiceAccount, which no controller-manager creates in the sandbox. */
  private async ensureDefaultServiceAccount(): Promise<void> {
    try {
      await this.client.create(core.serviceAccounts, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace: this.namespace } });
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
    }
  }

  start(): this {
    for (const type of Object.values(glooKinds)) {
      const informer = new Informer(this.client, type);
      informer.addHandlers({ onAdd: () => this.schedule(), onUpdate: () => this.schedule(), onDelete: () => this.schedule() });
      this.informers.set(type.kind, informer.start());
    }
    return this;
  }

  stop(): void {
    this.stopped = true;
    for (const informer of this.informers.values()) informer.stop();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.dirty = true;
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  private async drain(): Promise<void> {
    // Coalesces bursts: one pass sees every change that arrived before it started.
    await new Promise((r) => setImmediate(r));
    while (this.dirty && !this.stopped) {
      this.dirty = false;
      await this.pass();
    }
  }

  private readonly lookup: Lookup = {
    has: (type, namespace, name) => this.informers.get(type.kind)?.get(namespace, name) !== undefined,
  };

  private async pass(): Promise<void> {
    const writes: Promise<void>[] = [];
    for (const informer of this.informers.values()) {
      const type = informer.type;
      for (const obj of informer.list()) {
        const verdict = validate(type, obj, this.lookup);
        if (!this.differs(obj, verdict)) continue;
        writes.push(this.report(type, obj, verdict));
      }
    }
    await Promise.all(writes);
  }

  private differs(obj: KubeObject, verdict: Verdict): boolean {
    const current = obj.status?.statuses?.[this.namespace] ? glooStatusFor(obj, this.namespace) : undefined;
    return current?.state !== verdict.state || (current.reason ?? "") !== (verdict.reason ?? "") || current.reportedBy !== REPORTED_BY;
  }

  private async report(type: ResourceType, obj: KubeObject, verdict: Verdict): Promise<void> {
    const status = {
      ...(obj.status ?? {}),
      statuses: { ...(obj.status?.statuses ?? {}), [this.namespace]: { state: verdict.state, reason: verdict.reason ?? "", reportedBy: REPORTED_BY } },
    };
    try {
      await this.client.updateStatus(type, { ...obj, status });
    } catch (e) {
      // A newer version is on its way through the watch and gets its own pass.
      if (isConflict(e) || isNotFound(e)) return;
      this.options.onError?.(`Gloo simulator in cluster ${this.client.name}: cannot report on ${type.kind} ${obj.metadata.namespace}/${obj.metadata.name}: ${errorMessage(e)}`);
    }
  }
}

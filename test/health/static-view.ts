import type { KubeObject } from "../../src/cluster/object.js";
import { resourceKey, type ResourceType } from "../../src/cluster/resource-type.js";
import type { ClusterView, ReadFailure } from "../../src/health/cluster-view.js";
import type { SimulatedObject } from "../../src/health/simulator/installation.js";

/** A ClusterView over plain arrays, for unit tests of the pure health functions. */
export class StaticView implements ClusterView {
  private readonly objects = new Map<string, KubeObject[]>();
  private readonly failures = new Map<string, ReadFailure>();

  constructor(objects: readonly SimulatedObject[] = []) {
    for (const o of objects) this.add(o.type, o.object);
  }

  add(type: ResourceType, ...objects: KubeObject[]): this {
    const key = resourceKey(type);
    this.objects.set(key, [...(this.objects.get(key) ?? []), ...objects.map((o) => structuredClone(o))]);
    return this;
  }

  /** Changes the stored object with this namespace/name in place. */
  edit(type: ResourceType, namespace: string | undefined, name: string, change: (o: KubeObject) => void): this {
    const found = this.objects.get(resourceKey(type))?.find((o) => o.metadata.name === name && o.metadata.namespace === namespace);
    if (!found) throw new Error(`no ${type.kind} ${namespace}/${name}`);
    change(found);
    return this;
  }

  fail(type: ResourceType, failure: ReadFailure): this {
    this.failures.set(resourceKey(type), failure);
    return this;
  }

  list(type: ResourceType, namespace?: string): readonly KubeObject[] {
    const all = this.objects.get(resourceKey(type)) ?? [];
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
  }

  readFailure(type: ResourceType): ReadFailure | undefined {
    return this.failures.get(resourceKey(type));
  }
}

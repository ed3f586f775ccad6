import type { KubeObject } from "../cluster/object.js";
import { core, type ResourceType } from "../cluster/resource-type.js";
import { glooKinds } from "../gloo/kinds.js";
import { checkItems, resolveExcludes, type CheckItemSpec } from "./check-items.js";
import type { ClusterView, ReadFailure } from "./cluster-view.js";
import { discoverInstances, settingsOf, watches, type DiscoveredInstance } from "./instances.js";
import { describeType, missingSecrets, statusFindings } from "./resource-checks.js";
import type { CheckItem, CheckOptions, ClusterCheck, InstanceCheck, ProblemCount } from "./types.js";
import { checkDeployment, checkPod } from "./workload-checks.js";

/** What the cluster registry knows about reaching a cluster. */
export interface ConnectionState {
  reachable: boolean;
  /** The last error when not reachable. */
  message?: string;
}

const emptyItem = (spec: CheckItemSpec): CheckItem => ({ key: spec.key, title: spec.title, total: 0, errors: [], warnings: [] });

interface Scope {
  cluster: string;
  view: ClusterView;
  instance: DiscoveredInstance;
  /** Resource namespace filter; empty: all. */
  namespaces: ReadonlySet<string>;
}

const inFilter = (scope: Scope, namespace: string | undefined) => scope.namespaces.size === 0 || scope.namespaces.has(namespace ?? "");
const inScope = (scope: Scope, obj: KubeObject) => watches(scope.instance, obj.metadata.namespace) && inFilter(scope, obj.metadata.namespace);

/** A kind that could not be read: not installed is no problem (skipped); anything else (e.g. Forbidden) is an error. */
function unreadable(item: CheckItem, cluster: string, type: ResourceType, failure: ReadFailure, skipForbidden = false): CheckItem {
  if (failure.loading) return { ...item, skipped: `${describeType(type)} of cluster ${cluster} not loaded yet` };
  if (failure.reason === "NotFound") return { ...item, skipped: `${describeType(type)} is not installed in cluster ${cluster}` };
  if (failure.reason === "Forbidden" && skipForbidden) {
    return { ...item, skipped: `fedplane may not read ${type.plural} in cluster ${cluster}` };
  }
  const message = `Cannot read ${describeType(type)} in cluster ${cluster}: ${failure.message}`;
  return { ...item, errors: [{ ref: { kind: "Cluster", name: cluster }, message }] };
}

function glooResourcesInScope(scope: Scope, type: ResourceType): KubeObject[] {
  return scope.view.list(type).filter((o) => inScope(scope, o));
}

function statusItem(spec: CheckItemSpec & { type: ResourceType }, scope: Scope): CheckItem {
  const item = emptyItem(spec);
  const failure = scope.view.readFailure(spec.type);
  if (failure) return unreadable(item, scope.cluster, spec.type, failure);
  const isSettings = spec.type === glooKinds.Settings;
  // Gloo reads its Settings from its own namespace only.
  const objects = isSettings
    ? scope.view.list(spec.type, scope.instance.namespace).filter((o) => inFilter(scope, o.metadata.namespace))
    : glooResourcesInScope(scope, spec.type);
  item.total = objects.length;
  for (const obj of sortByRef(objects)) {
    const f = statusFindings(spec, obj, scope.instance.namespace);
    item.errors.push(...f.errors);
    item.warnings.push(...f.warnings);
  }
  if (isSettings && inFilter(scope, scope.instance.namespace) && !settingsOf(scope.view, scope.instance.namespace)) {
    item.errors.push({
      ref: { kind: "Settings", namespace: scope.instance.namespace, name: "default" },
      message: `Found no settings default in namespace ${scope.instance.namespace}`,
    });
  }
  return item;
}

function secretsItem(spec: CheckItemSpec, scope: Scope): CheckItem {
  const item = emptyItem(spec);
  const failure = scope.view.readFailure(core.secrets);
  if (failure) return unreadable(item, scope.cluster, core.secrets, failure, true);
  const referencing = checkItems.flatMap((s) => (s.type && !scope.view.readFailure(s.type) ? glooResourcesInScope(scope, s.type) : []));
  const { total, errors } = missingSecrets(scope.view, sortByRef(referencing));
  return { ...item, total, errors };
}

function workloadItem(spec: CheckItemSpec, scope: Scope, type: ResourceType, check: (o: KubeObject) => ReturnType<typeof checkPod>): CheckItem {
  const item = emptyItem(spec);
  const failure = scope.view.readFailure(type);
  if (failure) return unreadable(item, scope.cluster, type, failure);
  const objects = sortByRef(scope.view.list(type, scope.instance.namespace));
  item.total = objects.length;
  for (const obj of objects) {
    const f = check(obj);
    item.errors.push(...f.errors);
    item.warnings.push(...f.warnings);
  }
  return item;
}

function instanceItem(spec: CheckItemSpec, scope: Scope): CheckItem {
  if (spec.key === "deployments") return workloadItem(spec, scope, core.deployments, checkDeployment);
  if (spec.key === "pods") return workloadItem(spec, scope, core.pods, checkPod);
  if (spec.key === "secrets") return secretsItem(spec, scope);
  return statusItem(spec as CheckItemSpec & { type: ResourceType }, scope);
}

const sortByRef = <T extends KubeObject>(objects: readonly T[]): T[] =>
  [...objects].sort((a, b) =>
    `${a.metadata.namespace ?? ""}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ""}/${b.metadata.name}`),
  );

export function checkInstance(view: ClusterView, instance: DiscoveredInstance, options: CheckOptions = {}): InstanceCheck {
  const excluded = resolveExcludes(options.exclude);
  const scope: Scope = { cluster: instance.cluster, view, instance, namespaces: new Set(options.namespaces ?? []) };
  const items = checkItems.filter((s) => s.scope === "instance" && !excluded.has(s.key)).map((s) => instanceItem(s, scope));
  return { name: instance.name, cluster: instance.cluster, namespace: instance.namespace, items };
}

/**
 * One cluster's check, glooctl's items in glooctl's order. An unreachable cluster is one connection finding (its
 * caches may be stale, so nothing else is claimed about it).
 */
export function checkCluster(cluster: string, connection: ConnectionState, view: ClusterView, options: CheckOptions = {}): ClusterCheck {
  const excluded = resolveExcludes(options.exclude);
  const items: CheckItem[] = [];
  const spec = (key: string) => checkItems.find((i) => i.key === key)!;
  if (!excluded.has("connection")) {
    const item = emptyItem(spec("connection"));
    item.total = 1;
    if (!connection.reachable) {
      item.errors.push({
        ref: { kind: "Cluster", name: cluster },
        message: `Cannot connect to cluster ${cluster}: ${connection.message ?? "unreachable"}`,
      });
    }
    items.push(item);
  }
  if (!connection.reachable) return { cluster, items, instances: [] };
  const instances = discoverInstances(cluster, view);
  const deploymentsFailure = view.readFailure(core.deployments);
  if (deploymentsFailure && !excluded.has("instances")) {
    items.push(unreadable(emptyItem(spec("instances")), cluster, core.deployments, deploymentsFailure));
  } else if (!excluded.has("instances")) {
    const item = emptyItem(spec("instances"));
    item.total = instances.length;
    if (instances.length === 0) {
      item.warnings.push({
        ref: { kind: "Cluster", name: cluster },
        message: `No Gloo installation found in cluster ${cluster} (no Deployment gloo labelled app=gloo,gloo=gloo)`,
      });
    }
    items.push(item);
  }
  return { cluster, items, instances: instances.map((i) => checkInstance(view, i, options)) };
}

export function countProblems(items: readonly CheckItem[]): ProblemCount {
  return items.reduce((n, i) => ({ errors: n.errors + i.errors.length, warnings: n.warnings + i.warnings.length }), {
    errors: 0,
    warnings: 0,
  });
}

/** Every item of a cluster check, cluster-level first. */
export const allItems = (check: ClusterCheck): CheckItem[] => [...check.items, ...check.instances.flatMap((i) => i.items)];

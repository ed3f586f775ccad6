import type { ClusterClient } from "../cluster/client.js";
import { errorMessage, isNotFound } from "../cluster/errors.js";
import type { KubeObject } from "../cluster/object.js";
import type { ResourceType } from "../cluster/resource-type.js";
import { kubernetesClusterType } from "../clusters/kinds.js";
import { kubeconfigOf, type KubernetesClusterObject } from "../clusters/records.js";
import { crdDifferences, crdKey } from "../gloo/crd-compare.js";
import { previewFields } from "./field-check.js";
import { deepEqual } from "./json.js";
import { federatedKinds } from "./kinds.js";
import { ownerOf } from "./ownership.js";
import { plan } from "./planner.js";
import type { FederatedObject } from "./resource.js";

const crds: ResourceType = { group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition", plural: "customresourcedefinitions", namespaced: false };

/** One finding of `fedplane migrate check`: a section, and a line saying what fedplane will find or do. */
export interface MigrationFinding {
  section: "crds" | "registrations" | "resources" | "objects";
  level: "ok" | "info" | "warning" | "error";
  message: string;
}

export interface MigrationCheckOptions {
  admin: ClusterClient;
  federationNamespace: string;
  /** The CRDs fedplane generates (deploy/crds), to compare the admin cluster's with. */
  expectedCrds: readonly Record<string, unknown>[];
  /** A registered cluster's kubeconfig -> its client (the connector). */
  connect: (name: string, kubeconfig: string) => ClusterClient;
  /** Whether fedplane would register the admin cluster as `local` (default true). */
  registerLocal?: boolean;
  timeoutMs?: number;
}

/**
 * What fedplane will find on an existing (Gloo Federation) admin cluster and what it will do there, read-only: every
 * read is a get or list, and every question to a member cluster a dry run (dryRun=All), so nothing is written.
 */
export async function migrationCheck(o: MigrationCheckOptions): Promise<MigrationFinding[]> {
  const out: MigrationFinding[] = [];
  const add = (section: MigrationFinding["section"], level: MigrationFinding["level"], message: string) => out.push({ section, level, message });
  const timeoutMs = o.timeoutMs ?? 10_000;

  // CRDs: missing ones, and ones that would lose what fedplane writes.
  const present = new Map((await o.admin.list(crds)).items.map((c) => [crdKey(c as never), c as unknown as Record<string, unknown>]));
  for (const expected of o.expectedCrds) {
    const key = crdKey(expected);
    const found = present.get(key);
    if (!found) {
      const federated = federatedKinds.some((k) => `${k.type.plural}.${k.type.group}` === key);
      add("crds", federated ? "warning" : "info", `CRD ${key} is missing: ${federated ? "that federated kind is not served until it is installed" : "not needed on the admin cluster unless Gloo runs there"}`);
      continue;
    }
    const differences = crdDifferences(found, expected).filter((d) => !d.startsWith("short name"));
    if (differences.length === 0) add("crds", "ok", `CRD ${key} is fine as installed`);
    else add("crds", "info", `CRD ${key} differs from fedplane's (fedplane works with it): ${differences.join("; ")}`);
  }

  // Registrations, as the registry will use them.
  let records: KubernetesClusterObject[] = [];
  try {
    records = (await o.admin.list<KubernetesClusterObject>(kubernetesClusterType, { namespace: o.federationNamespace })).items;
  } catch (e) {
    add("registrations", "error", `cannot list KubernetesClusters in ${o.federationNamespace}: ${errorMessage(e)}`);
  }
  const members = new Map<string, ClusterClient>();
  for (const record of records) {
    const name = record.metadata.name;
    const secretName = record.spec?.secretName || name;
    let secret: KubeObject | undefined;
    try {
      secret = await o.admin.get({ group: "", version: "v1", kind: "Secret", plural: "secrets", namespaced: true }, o.federationNamespace, secretName);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    const creds = kubeconfigOf(secret, `${o.federationNamespace}/${secretName}`);
    if ("error" in creds) {
      add("registrations", "error", `cluster ${name}: ${creds.error}`);
      continue;
    }
    try {
      const client = o.connect(name, creds.kubeconfig);
      const version = await client.version();
      members.set(name, client);
      add("registrations", "ok", `cluster ${name}: used as registered (Secret ${secretName}), reachable (${version.gitVersion})`);
    } catch (e) {
      add("registrations", "error", `cluster ${name}: its kubeconfig does not reach it: ${errorMessage(e)}`);
    }
  }
  if (o.registerLocal ?? true) {
    if (records.some((r) => r.metadata.name === "local")) add("registrations", "info", "a KubernetesCluster named local exists: it is used as it is, and fedplane does not register the admin cluster itself");
    else {
      members.set("local", o.admin);
      add("registrations", "info", "no KubernetesCluster named local: fedplane registers the admin cluster itself as local");
    }
  }

  // Federated resources and what fedplane will do with each destination.
  const clusters = [...members.keys()].map((name) => ({ name, labels: records.find((r) => r.metadata.name === name)?.metadata.labels ?? {} }));
  for (const kind of federatedKinds) {
    let objects: FederatedObject[];
    try {
      objects = (await o.admin.list<FederatedObject>(kind.type)).items;
    } catch (e) {
      if (!isNotFound(e)) add("resources", "error", `cannot list ${kind.name}: ${errorMessage(e)}`);
      continue;
    }
    for (const obj of objects) {
      const id = `${kind.name} ${obj.metadata.namespace}/${obj.metadata.name}`;
      const writers = [obj.status?.placementStatus?.writtenBy, ...Object.values(obj.status?.namespacedPlacementStatuses ?? {}).map((s) => s.writtenBy)].filter(Boolean);
      const p = plan(kind, obj, clusters);
      if (!p.valid) {
        add("resources", "warning", `${id}: INVALID: ${p.message}`);
        continue;
      }
      add("resources", "info", `${id}: ${p.destinations.length} destination(s)${writers.length ? `; status written by ${[...new Set(writers)].join(", ")}` : ""}`);
      for (const d of p.destinations) {
        const client = members.get(d.cluster)!;
        const where = `${id} -> cluster ${d.cluster}, ${kind.target.kind} ${d.namespace}/${d.object.metadata.name}`;
        try {
          const live = await getOrUndefined(client, kind.target, d.namespace, d.object.metadata.name, timeoutMs);
          const checked = await previewFields({ client, type: kind.target, timeoutMs }, d.object, live);
          const owner = live ? ownerOf(live) : undefined;
          if (!live) add("objects", "info", `${where}: will be created`);
          else if (owner === undefined) add("objects", "warning", `${where}: exists and carries no owner annotation: FAILED until deleted, or annotate the federated resource fed.solo.io/adopt: "true"`);
          else if (owner !== ownerOf({ ...d.object, metadata: d.object.metadata })) add("objects", "warning", `${where}: owned by ${owner}: left alone (FAILED)`);
          else if (sameContent(live, checked.object)) add("objects", "ok", `${where}: adopted in place, no write (content matches)`);
          else add("objects", "info", `${where}: adopted in place and updated (its content differs from the template)`);
          for (const r of checked.renamed) add("objects", "info", `${where}: ${r} (proto name written in lowerCamel)`);
          for (const f of checked.dropped) add("objects", "warning", `${where}: unknown field "${f}" would be dropped by the cluster's ${kind.target.kind} CRD`);
        } catch (e) {
          add("objects", "error", `${where}: cannot check: ${errorMessage(e)}`);
        }
      }
    }
  }
  for (const client of members.values()) if (client !== o.admin) await client.close().catch(() => {});
  return out;
}

const sameContent = (a: KubeObject, b: KubeObject) =>
  deepEqual(a.spec ?? {}, b.spec ?? {}) && deepEqual(a.metadata.labels ?? {}, b.metadata.labels ?? {}) && deepEqual(a.metadata.annotations ?? {}, b.metadata.annotations ?? {});

async function getOrUndefined(client: ClusterClient, type: ResourceType, namespace: string, name: string, timeoutMs: number): Promise<KubeObject | undefined> {
  try {
    return await client.get(type, namespace, name, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

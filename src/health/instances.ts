import type { KubeObject } from "../cluster/object.js";
import { core } from "../cluster/resource-type.js";
import { glooInstanceType } from "../clusters/kinds.js";
import { apiVersionOf } from "../cluster/resource-type.js";
import { glooKinds } from "../gloo/kinds.js";
import { checkItems, type SummaryKey } from "./check-items.js";
import { nodesType, type ClusterView } from "./cluster-view.js";
import { workloadImage } from "./images.js";
import { podsOf, serviceSelects } from "./labels.js";
import type { Finding, InstanceCheck } from "./types.js";

/** A Gloo installation found in a cluster: the Deployment `gloo` labelled app=gloo,gloo=gloo. */
export interface DiscoveredInstance {
  /** `<cluster>-<namespace>`, the GlooInstance name. */
  name: string;
  cluster: string;
  namespace: string;
  /** From Settings spec.watchNamespaces; empty means every namespace. */
  watchedNamespaces: string[];
  writeNamespace: string;
}

const ZONE_LABEL = "topology.kubernetes.io/zone";
const REGION_LABEL = "topology.kubernetes.io/region";

export const glooInstanceName = (cluster: string, namespace: string) => `${cluster}-${namespace}`;

const isGlooControlPlane = (d: KubeObject) =>
  d.metadata.name === "gloo" && d.metadata.labels?.app === "gloo" && d.metadata.labels?.gloo === "gloo";

/** The Settings a Gloo in `namespace` reads: `default`, or the only one there. */
export function settingsOf(view: ClusterView, namespace: string): KubeObject | undefined {
  const all = view.list(glooKinds.Settings, namespace);
  return all.find((s) => s.metadata.name === "default") ?? (all.length === 1 ? all[0] : undefined);
}

export function discoverInstances(cluster: string, view: ClusterView): DiscoveredInstance[] {
  return view
    .list(core.deployments)
    .filter(isGlooControlPlane)
    .map((d) => {
      const namespace = d.metadata.namespace ?? "";
      const settings = settingsOf(view, namespace);
      const watched = settings?.spec?.watchNamespaces;
      return {
        name: glooInstanceName(cluster, namespace),
        cluster,
        namespace,
        watchedNamespaces: Array.isArray(watched) ? watched.filter((n): n is string => typeof n === "string") : [],
        writeNamespace: typeof settings?.spec?.discoveryNamespace === "string" ? settings.spec.discoveryNamespace : namespace,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Whether the instance reads resources in `namespace`. */
export const watches = (instance: DiscoveredInstance, namespace: string | undefined) =>
  instance.watchedNamespaces.length === 0 || (namespace !== undefined && instance.watchedNamespaces.includes(namespace));

const nodeLabel = (view: ClusterView, nodeName: unknown, label: string): string | undefined =>
  typeof nodeName === "string" ? view.list(nodesType).find((n) => n.metadata.name === nodeName)?.metadata.labels?.[label] : undefined;

function ingressEndpoints(view: ClusterView, proxy: KubeObject) {
  const podLabels = proxy.spec?.template?.metadata?.labels as Record<string, string> | undefined;
  return view
    .list(core.services, proxy.metadata.namespace)
    .filter((svc) => serviceSelects(svc.spec?.selector, podLabels))
    .flatMap((svc) =>
      ((svc.status?.loadBalancer?.ingress ?? []) as { ip?: string; hostname?: string }[]).map((ing) => ({
        address: ing.ip || ing.hostname || "",
        serviceName: svc.metadata.name,
        ports: ((svc.spec?.ports ?? []) as { port: number; name?: string }[]).map((p) => ({ port: p.port, name: p.name ?? "" })),
      })),
    );
}

function proxiesOf(view: ClusterView, namespace: string) {
  const pods = view.list(core.pods, namespace);
  return view
    .list(core.deployments, namespace)
    .filter((d) => d.metadata.labels?.gloo === "gateway-proxy")
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
    .map((d) => {
      const zones = new Set<string>();
      for (const pod of podsOf(d, pods)) {
        const zone = nodeLabel(view, pod.spec?.nodeName, ZONE_LABEL);
        if (zone) zones.add(zone);
      }
      return {
        name: d.metadata.name,
        namespace,
        replicas: Number(d.spec?.replicas ?? 1),
        availableReplicas: Number(d.status?.availableReplicas ?? 0),
        readyReplicas: Number(d.status?.readyReplicas ?? 0),
        version: workloadImage(d, "gateway-proxy")?.version ?? "",
        workloadControllerType: "DEPLOYMENT",
        zones: [...zones].sort(),
        ingressEndpoints: ingressEndpoints(view, d),
      };
    });
}

const summaryFindings = (findings: Finding[]) =>
  findings.map((f) => ({ ref: { name: f.ref.name, namespace: f.ref.namespace ?? "" }, message: f.message }));

/** GlooInstance spec.check: one {total, errors, warnings} per kind, from the instance's check items. */
export function checkSummary(check: InstanceCheck): Record<SummaryKey, { total: number; errors: unknown[]; warnings: unknown[] }> {
  const summary = {} as Record<SummaryKey, { total: number; errors: unknown[]; warnings: unknown[] }>;
  for (const spec of checkItems) {
    if (!spec.summaryKey) continue;
    const item = check.items.find((i) => i.key === spec.key);
    summary[spec.summaryKey] = {
      total: item?.total ?? 0,
      errors: summaryFindings(item?.errors ?? []),
      warnings: summaryFindings(item?.warnings ?? []),
    };
  }
  return summary;
}

/** The GlooInstance object (fed.solo.io/v1) for a discovered installation, as written to the admin cluster. */
export function buildGlooInstance(view: ClusterView, instance: DiscoveredInstance, check: InstanceCheck, federationNamespace: string): KubeObject {
  const deployments = view.list(core.deployments, instance.namespace);
  const gloo = deployments.find(isGlooControlPlane);
  const image = gloo ? workloadImage(gloo, "gloo") : undefined;
  const proxies = proxiesOf(view, instance.namespace);
  const glooPod = gloo ? podsOf(gloo, view.list(core.pods, instance.namespace))[0] : undefined;
  return {
    apiVersion: apiVersionOf(glooInstanceType),
    kind: glooInstanceType.kind,
    metadata: { name: instance.name, namespace: federationNamespace },
    spec: {
      cluster: instance.cluster,
      isEnterprise: image?.enterprise ?? false,
      region: nodeLabel(view, glooPod?.spec?.nodeName, REGION_LABEL) ?? "",
      controlPlane: { version: image?.version ?? "", namespace: instance.namespace, watchedNamespaces: instance.watchedNamespaces },
      proxies,
      admin: {
        writeNamespace: instance.writeNamespace,
        ...(proxies[0] ? { proxyId: { name: proxies[0].name, namespace: proxies[0].namespace } } : {}),
      },
      check: checkSummary(check),
    },
  };
}

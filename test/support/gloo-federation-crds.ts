/**
 * CRDs in the style of Gloo Federation 1.15 and Gloo Edge 1.15, written from the facts in
 * ../shared/reference/gloo-federation.md (names, plurals, scopes, integer types, schemas), so that tests can put fedplane
 * on an admin cluster that holds Gloo Federation's CRDs instead of fedplane's, and into members that hold Gloo's own
 * pruning schemas. Not copies of the real files: the project's tests must pass without ../shared.
 */

type Json = Record<string, unknown>;

const preserve: Json = { type: "object", "x-kubernetes-preserve-unknown-fields": true };

function crd(group: string, version: string, kind: string, plural: string, options: { singular?: string; shortNames?: string[]; schema: Json; status: boolean }): Json {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.${group}`, labels: { app: "gloo-fed" } },
    spec: {
      group,
      names: { kind, listKind: `${kind}List`, plural, ...(options.singular ? { singular: options.singular } : {}), ...(options.shortNames ? { shortNames: options.shortNames } : {}) },
      scope: "Namespaced",
      versions: [{ name: version, served: true, storage: true, ...(options.status ? { subresources: { status: {} } } : {}), schema: { openAPIV3Schema: options.schema } }],
    },
  };
}

/** The ten federated kinds: schemas that preserve unknown fields, a status subresource, no short names or columns. */
export const federatedRows: readonly [group: string, version: string, kind: string, plural: string][] = [
  ["fed.gloo.solo.io", "v1", "FederatedUpstream", "federatedupstreams"],
  ["fed.gloo.solo.io", "v1", "FederatedUpstreamGroup", "federatedupstreamgroups"],
  ["fed.gloo.solo.io", "v1", "FederatedSettings", "federatedsettings"],
  ["fed.gateway.solo.io", "v1", "FederatedGateway", "federatedgateways"],
  ["fed.gateway.solo.io", "v1", "FederatedVirtualService", "federatedvirtualservices"],
  ["fed.gateway.solo.io", "v1", "FederatedRouteTable", "federatedroutetables"],
  ["fed.gateway.solo.io", "v1", "FederatedMatchableHttpGateway", "federatedmatchablehttpgateways"],
  ["fed.gateway.solo.io", "v1", "FederatedMatchableTcpGateway", "federatedmatchabletcpgateways"],
  ["fed.enterprise.gloo.solo.io", "v1", "FederatedAuthConfig", "federatedauthconfigs"],
  ["fed.ratelimit.solo.io", "v1alpha1", "FederatedRateLimitConfig", "federatedratelimitconfigs"],
];

export function federatedCrds(only?: readonly string[]): Json[] {
  return federatedRows
    .filter(([, , kind]) => !only || only.includes(kind))
    .map(([group, version, kind, plural]) => crd(group, version, kind, plural, { singular: kind.toLowerCase(), schema: preserve, status: true }));
}

const str = { type: "string" };
const int64 = { type: "integer", format: "int64" };
const strings = { type: "array", items: str };

/** Gloo Federation's KubernetesCluster: int64 observedGeneration, namespace and policyRules in the status. */
export function kubernetesClusterCrd(): Json {
  const rule = { type: "object", properties: { apiGroups: strings, resources: strings, verbs: strings, resourceNames: strings, nonResourceUrls: strings } };
  const condition = {
    type: "object",
    properties: {
      state: { type: "string", enum: ["PENDING", "PROCESSING", "INVALID", "FAILED", "ACCEPTED"] },
      message: str,
      observedGeneration: int64,
      processingTime: { type: "string", format: "date-time" },
      owner: { type: "string", nullable: true },
    },
  };
  const schema = {
    type: "object",
    properties: {
      spec: { type: "object", properties: { secretName: str, clusterDomain: str, providerInfo: { type: "object", properties: { eks: { type: "object", properties: { accountId: str, arn: str, name: str, region: str } } } } } },
      status: { type: "object", properties: { namespace: str, policyRules: { type: "array", items: rule }, status: { type: "array", items: condition } } },
    },
  };
  return crd("multicluster.solo.io", "v1alpha1", "KubernetesCluster", "kubernetesclusters", { singular: "kubernetescluster", schema, status: true });
}

export function glooInstanceCrd(): Json {
  return crd("fed.solo.io", "v1", "GlooInstance", "glooinstances", { singular: "glooinstance", schema: preserve, status: true });
}

/** Everything a Gloo Federation 1.15 admin cluster holds (the federated kinds as `only` says). */
export function glooFederationAdminCrds(only?: readonly string[]): Json[] {
  return [...federatedCrds(only), kubernetesClusterCrd(), glooInstanceCrd()];
}

/**
 * Gloo Edge's Upstream as its CRD types it: a structural schema that prunes unknown fields (lowerCamel names only:
 * `use_tls` is pruned, `useTls` kept), status kept as written, and no status subresource.
 */
export function glooUpstreamCrd(): Json {
  const host = { type: "object", properties: { addr: str, port: { type: "integer", format: "int32" }, sniAddr: str } };
  const schema = {
    type: "object",
    properties: {
      spec: {
        type: "object",
        properties: {
          static: { type: "object", properties: { hosts: { type: "array", items: host }, useTls: { type: "boolean", nullable: true }, autoSniRewrite: { type: "boolean", nullable: true } } },
          kube: { type: "object", properties: { serviceName: str, serviceNamespace: str, servicePort: { type: "integer" } } },
          discoveryMetadata: { type: "object", properties: { labels: { type: "object", additionalProperties: str } } },
        },
      },
      status: { type: "object", "x-kubernetes-preserve-unknown-fields": true, properties: { statuses: preserve } },
    },
  };
  return crd("gloo.solo.io", "v1", "Upstream", "upstreams", { singular: "upstream", shortNames: ["us", "gus"], schema, status: false });
}

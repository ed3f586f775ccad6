/** What a client needs to address a kind of object on an API server: group/version, kind and its plural. */
export interface ResourceType {
  readonly group: string; // "" for the core group
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** A stable key for maps and logs, e.g. "upstreams.gloo.solo.io/v1". */
export function resourceKey(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}/${type.version}` : `${type.plural}/${type.version}`;
}

export const core = {
  namespaces: { group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false },
  secrets: { group: "", version: "v1", kind: "Secret", plural: "secrets", namespaced: true },
  configMaps: { group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true },
  pods: { group: "", version: "v1", kind: "Pod", plural: "pods", namespaced: true },
  services: { group: "", version: "v1", kind: "Service", plural: "services", namespaced: true },
  serviceAccounts: { group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", namespaced: true },
  deployments: { group: "apps", version: "v1", kind: "Deployment", plural: "deployments", namespaced: true },
  leases: { group: "coordination.k8s.io", version: "v1", kind: "Lease", plural: "leases", namespaced: true },
} as const satisfies Record<string, ResourceType>;

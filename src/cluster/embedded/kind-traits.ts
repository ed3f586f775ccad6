import { core, resourceKey } from "../resource-type.js";

/** How a kind behaves on the API server, where it differs between kinds. */
export interface KindTraits {
  /** Has a status subresource: update ignores status, updateStatus writes only status, create drops status. */
  readonly statusSubresource: boolean;
  /** metadata.generation is kept (1 on create, +1 on changes outside metadata/status). */
  readonly generation: boolean;
}

const customResource: KindTraits = { statusSubresource: true, generation: true };
const plain: KindTraits = { statusSubresource: false, generation: false };

// Core kinds differ; every other kind is treated as a CRD with the status subresource enabled.
const builtIn = new Map<string, KindTraits>([
  [resourceKey(core.namespaces), { statusSubresource: true, generation: false }],
  [resourceKey(core.services), { statusSubresource: true, generation: false }],
  [resourceKey(core.pods), { statusSubresource: true, generation: true }],
  [resourceKey(core.deployments), customResource],
  [resourceKey(core.secrets), plain],
  [resourceKey(core.configMaps), plain],
  [resourceKey(core.serviceAccounts), plain],
  [resourceKey(core.leases), plain],
]);

export function traitsOf(typeKey: string): KindTraits {
  return builtIn.get(typeKey) ?? customResource;
}

export const NAMESPACES_KEY = resourceKey(core.namespaces);
export const NAMESPACE_FINALIZER = "kubernetes";

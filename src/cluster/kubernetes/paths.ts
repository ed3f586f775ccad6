import { ApiError } from "../errors.js";
import { resourceKey, type ResourceType } from "../resource-type.js";

export type QueryValue = string | number | boolean | undefined;

function groupVersionPath(type: ResourceType): string {
  return type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
}

/** The collection URL path; a namespaced type without a namespace addresses all namespaces (list and watch). */
export function collectionPath(type: ResourceType, namespace?: string): string {
  const ns = type.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  return `${groupVersionPath(type)}${ns}/${type.plural}`;
}

/** One object's URL path (plus an optional subresource such as "status"). */
export function objectPath(type: ResourceType, namespace: string | undefined, name: string, subresource?: string): string {
  if (!name) throw new ApiError("BadRequest", `a name is required to address a ${resourceKey(type)} object`);
  if (type.namespaced && !namespace) {
    throw new ApiError("BadRequest", `${resourceKey(type)} is namespaced: a namespace is required for "${name}"`);
  }
  const sub = subresource ? `/${subresource}` : "";
  return `${collectionPath(type, namespace)}/${encodeURIComponent(name)}${sub}`;
}

/** A query string ("" or "?a=b&c=d") with undefined values left out. */
export function queryString(params: Record<string, QueryValue>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== "") q.set(key, String(value));
  const s = q.toString();
  return s ? `?${s}` : "";
}

import { ApiError } from "../errors.js";
import type { ResourceType } from "../resource-type.js";

/** The API server's failure messages, so that users and logs see the same text on both backends. */

/** "upstreams.gloo.solo.io", or "namespaces" for the core group: how the API server names a resource in messages. */
export const groupResource = (type: ResourceType) => (type.group ? `${type.plural}.${type.group}` : type.plural);

/** "Upstream.gloo.solo.io", or "Namespace": how the API server names a kind in validation messages. */
export const groupKind = (type: ResourceType) => (type.group ? `${type.kind}.${type.group}` : type.kind);

export const notFound = (type: ResourceType, name: string) => new ApiError("NotFound", `${groupResource(type)} "${name}" not found`);

export const alreadyExists = (type: ResourceType, name: string) =>
  new ApiError("AlreadyExists", `${groupResource(type)} "${name}" already exists`);

export const conflict = (type: ResourceType, name: string, detail: string) =>
  new ApiError("Conflict", `Operation cannot be fulfilled on ${groupResource(type)} "${name}": ${detail}`);

export const MODIFIED = "the object has been modified; please apply your changes to the latest version and try again";

export const invalid = (type: ResourceType, name: string, causes: string[]) =>
  new ApiError("Invalid", `${groupKind(type)} "${name}" is invalid: ${causes.length === 1 ? causes[0] : `[${causes.join(", ")}]`}`);

export const namespaceNotFound = (namespace: string) => new ApiError("NotFound", `namespaces "${namespace}" not found`);

export const namespaceTerminating = (type: ResourceType, name: string, namespace: string) =>
  new ApiError(
    "Forbidden",
    `${groupResource(type)} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
  );

export const gone = (from: number, oldest: number) => new ApiError("Gone", `too old resource version: ${from} (${oldest})`);

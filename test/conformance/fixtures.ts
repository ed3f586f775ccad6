import { expect } from "vitest";
import type { ClusterClient, WatchOptions } from "../../src/cluster/client.js";
import { ApiError, type StatusReason } from "../../src/cluster/errors.js";
import type { KubeObject, WatchEvent } from "../../src/cluster/object.js";
import type { ResourceType } from "../../src/cluster/resource-type.js";
import { glooKinds } from "../../src/gloo/kinds.js";

export const Upstream = glooKinds.Upstream;

/** A Gloo Upstream with fields the real CRD keeps (static hosts). */
export function upstream(namespace: string, name: string, options: { labels?: Record<string, string>; port?: number } = {}): KubeObject {
  return {
    apiVersion: "gloo.solo.io/v1",
    kind: "Upstream",
    metadata: { name, namespace, ...(options.labels ? { labels: options.labels } : {}) },
    spec: { static: { hosts: [{ addr: "10.0.0.1", port: options.port ?? 8080 }] } },
  };
}

/** Gloo's own status shape: accepted by the gloo-system reporter. */
export const acceptedStatus = { statuses: { "gloo-system": { state: 1, reportedBy: "gloo" } } };

/** Asserts that `promise` rejects with an ApiError of that reason and code, whose message matches. */
export async function expectApiError(promise: Promise<unknown>, reason: StatusReason, code: number, message?: string | RegExp): Promise<ApiError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected ApiError ${reason}`).toBeInstanceOf(ApiError);
  const apiErr = err as ApiError;
  expect({ reason: apiErr.reason, code: apiErr.code }).toEqual({ reason, code });
  if (message !== undefined) expect(apiErr.message).toMatch(message);
  return apiErr;
}

export interface Recording<T extends KubeObject = KubeObject> {
  events: WatchEvent<T>[];
  closed: { err?: Error } | undefined;
  /** "ADDED a", "MODIFIED a", ... in order. */
  summary(): string[];
  stop(): void;
}

export function recordWatch(client: ClusterClient, type: ResourceType, options: WatchOptions): Recording {
  const rec: Recording = {
    events: [],
    closed: undefined,
    summary: () => rec.events.map((e) => `${e.type} ${e.object.metadata.name}`),
    stop: () => handle.stop(),
  };
  const handle = client.watch(type, options, {
    onEvent: (e) => rec.events.push(e),
    onClose: (err) => (rec.closed = { err }),
  });
  return rec;
}

export const rvNumber = (obj: KubeObject) => Number(obj.metadata.resourceVersion);

import { randomBytes } from "node:crypto";
import type { ClusterClient } from "../cluster/client.js";
import type { ResourceType } from "../cluster/resource-type.js";
import type { FederatedKind } from "./kinds.js";
import type { FederatedObject } from "./resource.js";

const events: ResourceType = { group: "", version: "v1", kind: "Event", plural: "events", namespaced: true };

/** A Kubernetes Event (core/v1) about a federated object, as `kubectl describe` shows it. */
export async function recordEvent(
  admin: ClusterClient,
  kind: FederatedKind,
  obj: FederatedObject,
  event: { type: "Normal" | "Warning"; reason: string; message: string; component: string },
): Promise<void> {
  const now = new Date().toISOString();
  const namespace = obj.metadata.namespace ?? "default";
  await admin.create(events, {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: `${obj.metadata.name}.${randomBytes(8).toString("hex")}`, namespace },
    involvedObject: {
      apiVersion: `${kind.type.group}/${kind.type.version}`,
      kind: kind.name,
      namespace,
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
    },
    type: event.type,
    reason: event.reason,
    message: event.message,
    source: { component: event.component },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
  });
}

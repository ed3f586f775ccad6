import { randomBytes } from "node:crypto";
import type { ClusterClient } from "../cluster/client.js";
import type { ResourceType } from "../cluster/resource-type.js";
import type { AuditObject, AuditRecord } from "./audit.js";

const eventType: ResourceType = { group: "", version: "v1", kind: "Event", plural: "events", namespaced: true };

/**
 * Cluster mode: each mutation is also a Kubernetes Event on the object it names (kubectl describe shows who changed
 * or tried to change it). Objects without a namespace or apiVersion get none; failures to write one are reported,
 * never fatal to the mutation.
 */
export function kubernetesAuditEvents(admin: ClusterClient, onError: (message: string, error: unknown) => void) {
  return {
    write(record: AuditRecord, objects: readonly AuditObject[] = []): void {
      for (const o of objects) {
        if (!o.namespace || !o.apiVersion) continue;
        const now = new Date().toISOString();
        const denied = record.outcome !== "succeeded";
        const message = `${record.user} ${record.operation}${record.dryRun ? " (dry run)" : ""}: ${record.outcome}${record.reason ? `: ${record.reason}` : ""}`;
        admin
          .create(eventType, {
            apiVersion: "v1",
            kind: "Event",
            metadata: { name: `${o.name}.${randomBytes(6).toString("hex")}`, namespace: o.namespace },
            involvedObject: { apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name },
            reason: record.outcome === "denied" ? "FedplaneDenied" : denied ? "FedplaneFailed" : "FedplaneChanged",
            message: message.slice(0, 1024),
            type: denied ? "Warning" : "Normal",
            source: { component: "fedplane" },
            firstTimestamp: now,
            lastTimestamp: now,
            count: 1,
          })
          .catch((e) => onError("writing the audit Event failed", e));
      }
    },
  };
}

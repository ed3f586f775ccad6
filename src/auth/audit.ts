import { createWriteStream, type WriteStream } from "node:fs";
import { redact } from "../app/logger.js";

/** An object a mutation names. */
export interface AuditObject {
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name: string;
}

export const describeObject = (o: AuditObject) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;

/** One audited mutation: who, what, on which objects, and how it ended. */
export interface AuditRecord {
  user: string;
  groups: string[];
  /** The GraphQL mutation, e.g. applyManifest. */
  operation: string;
  /** The objects it names, e.g. "FederatedUpstream team-a/web" or "KubernetesCluster gloo-system/east". */
  objects: string[];
  dryRun: boolean;
  outcome: "succeeded" | "denied" | "failed";
  /** The error message when not succeeded (FORBIDDEN in kubectl's words, or what was wrong). */
  reason?: string;
}

/**
 * The audit log (--audit-log): one JSON line per mutation, appended, with a timestamp. Values pass through the log
 * redaction, so no credential reaches it even if a message quoted one.
 */
export class AuditLog {
  private readonly stream: WriteStream;

  constructor(file: string) {
    this.stream = createWriteStream(file, { flags: "a", mode: 0o600 });
  }

  write(record: AuditRecord, _objects?: readonly AuditObject[]): void {
    this.stream.write(`${JSON.stringify({ time: new Date().toISOString(), ...(redact(record) as AuditRecord) })}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }
}

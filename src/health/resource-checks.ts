import type { KubeObject } from "../cluster/object.js";
import { core, type ResourceType } from "../cluster/resource-type.js";
import type { CheckItemSpec } from "./check-items.js";
import type { ClusterView } from "./cluster-view.js";
import { glooStatusFor } from "./gloo-status.js";
import type { Findings } from "./workload-checks.js";
import type { Finding } from "./types.js";

/** glooctl renders an object as "<namespace> <name>". */
const rendered = (obj: KubeObject) => `${obj.metadata.namespace ?? ""} ${obj.metadata.name}`;

const refOf = (obj: KubeObject) => ({ kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name });

/**
 * What the Gloo in `reporterNamespace` says about one object, as glooctl words it. Rejected is an error; Warning,
 * Pending and no status at all are warnings (the last two usually mean Gloo has not processed the object yet).
 */
export function statusFindings(spec: Pick<CheckItemSpec, "noun">, obj: KubeObject, reporterNamespace: string): Findings {
  const ref = refOf(obj);
  const noun = spec.noun ?? obj.kind;
  const status = glooStatusFor(obj, reporterNamespace);
  const reason = status?.reason ? ` (Reason: ${status.reason})` : "";
  switch (status?.state) {
    case undefined:
      return { errors: [], warnings: [{ ref, message: `Found ${noun} with no status: ${rendered(obj)}` }] };
    case "Rejected":
      return { errors: [{ ref, message: `Found rejected ${noun} by '${status.reporter}': ${rendered(obj)}${reason}` }], warnings: [] };
    case "Warning":
      return { errors: [], warnings: [{ ref, message: `Found ${noun} with warnings by '${status.reporter}': ${rendered(obj)}${reason}` }] };
    case "Pending":
      return { errors: [], warnings: [{ ref, message: `Found pending ${noun} by '${status.reporter}': ${rendered(obj)}` }] };
    case "Accepted":
      return { errors: [], warnings: [] };
  }
}

export interface SecretRef {
  namespace: string;
  name: string;
}

const isRef = (v: unknown): v is { name: string; namespace?: string } =>
  !!v && typeof v === "object" && typeof (v as { name?: unknown }).name === "string";

/** Every `...secretRef` / `...SecretRefs` reference in a Gloo spec (upstream TLS and cloud credentials, auth configs, ...). */
export function secretRefs(obj: KubeObject): SecretRef[] {
  const out: SecretRef[] = [];
  const ns = obj.metadata.namespace ?? "";
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== "object") return;
    for (const [key, child] of Object.entries(value)) {
      if (/secretrefs?$/i.test(key)) {
        for (const ref of Array.isArray(child) ? child : [child]) {
          if (isRef(ref)) out.push({ namespace: ref.namespace || ns, name: ref.name });
        }
      } else {
        walk(child);
      }
    }
  };
  walk(obj.spec);
  return out;
}

/** Secrets referenced by the given objects that do not exist in the cluster. */
export function missingSecrets(view: ClusterView, objects: readonly KubeObject[]): { total: number; errors: Finding[] } {
  const errors: Finding[] = [];
  let total = 0;
  for (const obj of objects) {
    for (const ref of secretRefs(obj)) {
      total++;
      if (!view.list(core.secrets, ref.namespace).some((s) => s.metadata.name === ref.name)) {
        errors.push({
          ref: { kind: "Secret", namespace: ref.namespace, name: ref.name },
          message: `Found ${obj.kind} ${rendered(obj)} referencing missing secret ${ref.namespace} ${ref.name}`,
        });
      }
    }
  }
  return { total, errors };
}

export const describeType = (type: ResourceType) => (type.group ? `${type.plural}.${type.group}` : type.plural);

import { createHash } from "node:crypto";
import type { KubeObject } from "../cluster/object.js";
import { labelValueError } from "../cluster/selector.js";
import { OWNER_ANNOTATION, OWNER_LABEL } from "./kinds.js";

/**
 * Ownership of placed objects, as Gloo Federation marks it: the annotation `fed.solo.io/owner` holds the owner's full
 * id `<fedNamespace>.<fedName>` and is what every update or delete checks; the label of the same name holds the id
 * hashed to fit a label value, so member clusters can be watched for owned objects only (label selector) and owned
 * objects found by label.
 *
 * The id leaves out the federated kind on purpose: it is Gloo Federation's id (objects it placed are recognised as the
 * same owner's after a migration), and each federated kind places a target kind of its own (the kinds table guarantees
 * it), so FederatedUpstream "x" and FederatedVirtualService "x" own objects of different kinds and never collide.
 */
export function ownerId(fedNamespace: string, fedName: string): string {
  return `${fedNamespace}.${fedName}`;
}

const MAX_LABEL_VALUE = 63;
const HASH_CHARS = 16;

/** The owner id as a valid label value: unchanged when it fits, else a readable prefix plus a hash of the whole id. */
export function ownerLabelValue(id: string): string {
  if (id !== "" && labelValueError(id) === undefined) return id;
  const hash = createHash("sha256").update(id).digest("hex").slice(0, HASH_CHARS);
  const prefix = id
    .slice(0, MAX_LABEL_VALUE - HASH_CHARS - 1)
    .replace(/[^-A-Za-z0-9_.]/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "");
  return prefix ? `${prefix}-${hash}` : hash;
}

/** The owner id recorded on a placed object, if any. */
export function ownerOf(obj: KubeObject): string | undefined {
  return obj.metadata.annotations?.[OWNER_ANNOTATION] ?? undefined;
}

/** Label selector (string form) matching every object fedplane placed. */
export const OWNED_SELECTOR = OWNER_LABEL;

/** Opt-in annotation on a federated object: take over unowned objects of the same name instead of reporting FAILED. */
export const ADOPT_ANNOTATION = "fed.solo.io/adopt";

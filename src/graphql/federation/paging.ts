import type { FederatedObject } from "../../federation/resource.js";
import { badInput } from "../errors.js";

export const MAX_PAGE_SIZE = 1000;

export function checkPageSize(first: number): void {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput("first", `first must be from 1 to ${MAX_PAGE_SIZE}, not ${first}`);
  }
}

const sortKey = (o: FederatedObject) => [o.kind, o.metadata.namespace ?? "", o.metadata.name] as const;

/** An opaque cursor: the sort key of the last item of a page. */
export function encodeCursor(o: FederatedObject): string {
  return Buffer.from(JSON.stringify(sortKey(o))).toString("base64url");
}

/**
 * Where the page after `cursor` starts in `sorted` (ordered by kind, namespace, name). Positions come from the key,
 * not an index, so resources created or deleted between pages neither repeat nor skip the others.
 */
export function decodeCursor(cursor: string, sorted: readonly FederatedObject[]): number {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length !== 3 || !key.every((k) => typeof k === "string")) {
    throw badInput("after", "after must be an endCursor returned by federatedResources");
  }
  const after = (o: FederatedObject) => {
    const k = sortKey(o);
    for (let i = 0; i < 3; i++) if (k[i] !== key[i]) return k[i] > key[i];
    return false;
  };
  const index = sorted.findIndex(after);
  return index === -1 ? sorted.length : index;
}

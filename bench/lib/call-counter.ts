import type { ClusterClient } from "../../src/cluster/client.js";

export type Verb = "get" | "list" | "create" | "update" | "updateStatus" | "patch" | "delete" | "watch" | "version";

/** API-server requests, by verb, across every client sharing it. */
export class RequestCounter {
  readonly byVerb = new Map<Verb, number>();

  count(verb: Verb): void {
    this.byVerb.set(verb, (this.byVerb.get(verb) ?? 0) + 1);
  }

  /** Every request, watches included (each watch is one long-lived request). */
  get total(): number {
    let sum = 0;
    for (const n of this.byVerb.values()) sum += n;
    return sum;
  }

  snapshot(): Map<Verb, number> {
    return new Map(this.byVerb);
  }

  /** Requests since an earlier snapshot, by verb, e.g. "create 2000, updateStatus 500". */
  since(before: Map<Verb, number>): { total: number; text: string } {
    const parts: string[] = [];
    let total = 0;
    for (const [verb, n] of this.byVerb) {
      const d = n - (before.get(verb) ?? 0);
      if (d === 0) continue;
      total += d;
      parts.push(`${verb} ${d}`);
    }
    return { total, text: parts.join(", ") || "none" };
  }
}

const VERBS: readonly Verb[] = ["get", "list", "create", "update", "updateStatus", "patch", "delete", "watch", "version"];

/**
 * Counts every call made through a ClusterClient implementation (its prototype), whoever made the client: fedplane
 * builds its clients itself, so this is how a benchmark sees them without changing fedplane. Returns the undo.
 * With the embedded backend one call is one "API request"; with the Kubernetes backend one call is one HTTP request
 * (a list of several pages counted once).
 */
export function countCalls(implementation: { prototype: ClusterClient }, counter: RequestCounter): () => void {
  const proto = implementation.prototype as unknown as Record<Verb, (...args: unknown[]) => unknown>;
  const originals = VERBS.map((verb) => [verb, proto[verb]] as const);
  for (const [verb, original] of originals) {
    proto[verb] = function (this: unknown, ...args: unknown[]) {
      counter.count(verb);
      return original.apply(this, args);
    };
  }
  return () => {
    for (const [verb, original] of originals) proto[verb] = original;
  };
}

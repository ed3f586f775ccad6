import type { Style } from "../style.js";

/** Placement and Gloo states, coloured by how good they are. */
export function stateColour(state: string, style: Style): string {
  switch (state) {
    case "PLACED":
    case "ACCEPTED":
      return style.ok(state);
    case "FAILED":
    case "INVALID":
    case "STALE":
    case "REJECTED":
    case "NOT_FOUND":
      return style.error(state);
    default:
      return style.warn(state);
  }
}

interface Destinations {
  clusters: readonly { cluster: string; namespaces: readonly { namespace: string; state: string; message?: string | null }[] }[];
}

/** "cluster-1/gloo-system=PLACED cluster-2/gloo-system=FAILED (why)". */
export function destinationsLine(status: Destinations | null | undefined, style: Style): string {
  return (status?.clusters ?? [])
    .flatMap((c) => c.namespaces.map((n) => `${c.cluster}/${n.namespace}=${stateColour(n.state, style)}${n.message ? ` (${n.message})` : ""}`))
    .join(" ");
}

/** "2/3" placed destinations. */
export function placedCount(status: Destinations | null | undefined): string {
  const all = (status?.clusters ?? []).flatMap((c) => c.namespaces);
  return `${all.filter((n) => n.state === "PLACED").length}/${all.length}`;
}

import type { GlooVerdict, PlacementState } from "../generated/graphql";

/** What one matrix cell shows: fedplane's placement state joined with Gloo's verdict on the placed object. */
export type CellState = "accepted" | "placed" | "warning" | "rejected" | "failed" | "invalid" | "stale" | "pending" | "unknown";

export interface CellInfo {
  label: string;
  /** Worst first: a cell with several namespaces shows its worst destination. */
  severity: number;
}

export const CELL_STATES: Record<CellState, CellInfo> = {
  rejected: { label: "PLACED, rejected by Gloo", severity: 9 },
  failed: { label: "FAILED", severity: 8 },
  invalid: { label: "INVALID", severity: 7 },
  stale: { label: "STALE", severity: 6 },
  warning: { label: "PLACED, Gloo warning", severity: 5 },
  pending: { label: "PENDING", severity: 4 },
  unknown: { label: "UNKNOWN", severity: 3 },
  placed: { label: "PLACED, no Gloo verdict yet", severity: 2 },
  accepted: { label: "PLACED, accepted by Gloo", severity: 1 },
};

export const CELL_ORDER = (Object.keys(CELL_STATES) as CellState[]).sort((a, b) => CELL_STATES[b].severity - CELL_STATES[a].severity);

export function cellState(placement: PlacementState, gloo: GlooVerdict | undefined): CellState {
  switch (placement) {
    case "PLACED":
      if (gloo === "ACCEPTED") return "accepted";
      if (gloo === "REJECTED") return "rejected";
      if (gloo === "WARNING") return "warning";
      return "placed";
    case "FAILED":
      return "failed";
    case "INVALID":
      return "invalid";
    case "STALE":
      return "stale";
    case "PENDING":
      return "pending";
    default:
      return "unknown";
  }
}

export const worst = (a: CellState | undefined, b: CellState): CellState =>
  a === undefined || CELL_STATES[b].severity > CELL_STATES[a].severity ? b : a;

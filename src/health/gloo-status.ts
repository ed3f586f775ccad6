import type { KubeObject } from "../cluster/object.js";

/** The states Gloo writes on the resources it validates (core.solo.io Status.State). */
export type GlooState = "Pending" | "Accepted" | "Rejected" | "Warning";

export const GLOO_STATES: readonly GlooState[] = ["Pending", "Accepted", "Rejected", "Warning"];

/** One reporter's verdict on a resource. */
export interface GlooStatus {
  state: GlooState;
  reason?: string;
  reportedBy?: string;
  /** The key the status was found under: the reporting Gloo's namespace, or reportedBy for the older single form. */
  reporter: string;
}

/** Accepts the proto numbers (0..3, also as strings) and the names in any case ("Accepted", "REJECTED"). */
export function parseGlooState(value: unknown): GlooState | undefined {
  if (typeof value === "number" || (typeof value === "string" && /^\d+$/.test(value))) {
    return GLOO_STATES[Number(value)];
  }
  if (typeof value !== "string") return undefined;
  const lower = value.toLowerCase();
  return GLOO_STATES.find((s) => s.toLowerCase() === lower);
}

function statusFrom(raw: unknown, reporter: string): GlooStatus | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const r = raw as Record<string, unknown>;
  const state = parseGlooState(r.state);
  if (!state) return undefined;
  const status: GlooStatus = { state, reporter };
  if (typeof r.reason === "string" && r.reason) status.reason = r.reason;
  if (typeof r.reportedBy === "string" && r.reportedBy) status.reportedBy = r.reportedBy;
  return status;
}

/**
 * Every reporter's status on a Gloo resource: `status.statuses.<namespace>` (Gloo 1.8+) and the older
 * `status.state` / `status.reportedBy` written directly under status.
 */
export function glooStatuses(obj: Pick<KubeObject, "status">): GlooStatus[] {
  const status = obj.status;
  if (!status || typeof status !== "object") return [];
  const out: GlooStatus[] = [];
  const keyed = status.statuses;
  if (keyed && typeof keyed === "object") {
    for (const [ns, raw] of Object.entries(keyed as Record<string, unknown>)) {
      const s = statusFrom(raw, ns);
      if (s) out.push(s);
    }
  }
  if (status.state !== undefined) {
    const legacy = statusFrom(status, typeof status.reportedBy === "string" ? status.reportedBy : "");
    if (legacy) out.push(legacy);
  }
  return out;
}

/**
 * What the Gloo installed in `reporterNamespace` says about a resource. The older single-status form names no
 * namespace, so it is taken to come from whichever Gloo watches the resource.
 */
export function glooStatusFor(obj: Pick<KubeObject, "status">, reporterNamespace: string): GlooStatus | undefined {
  const status = obj.status;
  if (!status || typeof status !== "object") return undefined;
  return (
    statusFrom(status.statuses?.[reporterNamespace], reporterNamespace) ??
    statusFrom(status, typeof status.reportedBy === "string" ? status.reportedBy : "")
  );
}

import type { FederatedKind } from "./kinds.js";
import type { FederatedObject, PlacementStatus } from "./resource.js";

/** Another process writing the placement status of a federated object fedplane manages (e.g. Gloo Federation). */
export interface ForeignWriter {
  kind: string;
  namespace: string;
  name: string;
  /** Its writtenBy (Gloo Federation: its pod name). */
  writer: string;
  /** How many of its writes were seen, and when the last one was. */
  writes: number;
  lastSeen: Date;
}

const writersOf = (obj: FederatedObject | undefined): Map<string, string> => {
  const out = new Map<string, string>(); // where -> writtenBy
  const add = (where: string, s: PlacementStatus | undefined) => {
    if (s?.writtenBy) out.set(where, s.writtenBy);
  };
  add("placementStatus", obj?.status?.placementStatus);
  for (const [ns, s] of Object.entries(obj?.status?.namespacedPlacementStatuses ?? {})) add(`namespacedPlacementStatuses.${ns}`, s);
  return out;
};

/**
 * Tells a second writer of placement statuses apart from fedplane's own writes: a status change whose writtenBy is not
 * fedplane's. While one was seen within `quietMs`, fedplane leaves that object's status alone (two controllers
 * rewriting each other's status forever help nobody) and reports it instead, until the other writer stops.
 */
export class StatusWriters {
  private readonly seen = new Map<string, ForeignWriter>();

  constructor(
    private readonly self: string,
    private readonly quietMs = 2 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Looks at a change of a federated object; returns the foreign writer when this change is one of its writes. */
  observe(kind: FederatedKind, old: FederatedObject, next: FederatedObject): ForeignWriter | undefined {
    const before = writersOf(old);
    const after = writersOf(next);
    const changed = [...after].filter(([where, writer]) => writer !== this.self && (before.get(where) !== writer || statusAt(old, where) !== statusAt(next, where)));
    if (changed.length === 0) return undefined;
    const writer = changed[0][1];
    const key = keyOf(kind.name, next);
    const entry = this.seen.get(key);
    const updated: ForeignWriter = {
      kind: kind.name,
      namespace: next.metadata.namespace ?? "",
      name: next.metadata.name,
      writer,
      writes: entry && entry.writer === writer ? entry.writes + 1 : 1,
      lastSeen: new Date(this.now()),
    };
    this.seen.set(key, updated);
    return updated;
  }

  /** Whether another writer wrote this object's status recently: fedplane should not write it now. */
  contested(kind: FederatedKind, obj: FederatedObject): ForeignWriter | undefined {
    const entry = this.seen.get(keyOf(kind.name, obj));
    if (!entry) return undefined;
    if (this.now() - entry.lastSeen.getTime() > this.quietMs) {
      this.seen.delete(keyOf(kind.name, obj));
      return undefined;
    }
    return entry;
  }

  /** Every object another writer wrote recently. */
  list(): ForeignWriter[] {
    return [...this.seen.values()].filter((e) => this.now() - e.lastSeen.getTime() <= this.quietMs);
  }

  forget(kind: FederatedKind, obj: FederatedObject): void {
    this.seen.delete(keyOf(kind.name, obj));
  }
}

const keyOf = (kind: string, obj: FederatedObject) => `${kind}/${obj.metadata.namespace ?? ""}/${obj.metadata.name}`;

function statusAt(obj: FederatedObject, where: string): string {
  const s = where === "placementStatus" ? obj.status?.placementStatus : obj.status?.namespacedPlacementStatuses?.[where.slice("namespacedPlacementStatuses.".length)];
  return JSON.stringify(s ?? null);
}

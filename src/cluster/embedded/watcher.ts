import type { WatchHandle, WatchHandlers } from "../client.js";
import type { WatchEventType } from "../object.js";
import type { Labels, Selector } from "../selector.js";

/** An object as the store keeps it: canonical JSON (so every read is a fresh copy) plus what indexes and watches need. */
export interface StoredObject {
  readonly json: string;
  readonly ns: string; // "" for cluster-scoped kinds
  readonly name: string;
  readonly rv: number;
  readonly uid: string;
  readonly labels: Labels;
  /** Has a deletionTimestamp. */
  readonly deleting: boolean;
}

/** One write as watches see it. For DELETED, obj is the last state stamped with the deletion's resourceVersion. */
export interface Change {
  readonly rv: number;
  readonly typeKey: string;
  readonly type: WatchEventType;
  readonly obj: StoredObject;
  /** MODIFIED: the labels before the write, to turn selector transitions into ADDED/DELETED as the API server does. */
  readonly prevLabels?: Labels;
}

/**
 * One watch: filters changes by namespace and selector and delivers them in order on a later turn of the event loop,
 * never inside the write that caused them.
 */
export class Watcher implements WatchHandle {
  private pending: { type: WatchEventType; json: string }[] = [];
  private closing: { err?: Error } | undefined;
  private scheduled = false;
  private stopped = false;

  constructor(
    readonly namespace: string | undefined,
    private readonly selector: Selector,
    /** Subject to simulated faults (unreachable cluster closes it). */
    readonly faultable: boolean,
    private readonly handlers: WatchHandlers,
    private readonly detach: (w: Watcher) => void,
  ) {}

  offer(change: Change): void {
    if (this.stopped || this.closing) return;
    if (this.namespace !== undefined && change.obj.ns !== this.namespace) return;
    const type = this.eventType(change);
    if (!type) return;
    this.pending.push({ type, json: change.obj.json });
    this.schedule();
  }

  private eventType(change: Change): WatchEventType | undefined {
    const now = this.selector.matches(change.obj.labels);
    if (change.type !== "MODIFIED") return now ? change.type : undefined;
    const before = this.selector.matches(change.prevLabels);
    if (before && now) return "MODIFIED";
    if (now) return "ADDED";
    return before ? "DELETED" : undefined;
  }

  /** Ends the watch from the server side: pending events are delivered first unless dropped (a cut connection). */
  close(err?: Error, dropPending = false): void {
    if (this.stopped || this.closing) return;
    this.detach(this);
    if (dropPending) this.pending = [];
    this.closing = { err };
    this.schedule();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.pending = [];
    this.detach(this);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.flush);
  }

  private readonly flush = () => {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    for (const e of batch) {
      if (this.stopped) return;
      try {
        this.handlers.onEvent({ type: e.type, object: JSON.parse(e.json) });
      } catch (err) {
        // A throwing handler ends its watch visibly (onClose) instead of being swallowed; informers restart from there.
        this.stopped = true;
        this.detach(this);
        this.handlers.onClose(err instanceof Error ? err : new Error(String(err)));
        return;
      }
    }
    if (this.closing && !this.stopped && this.pending.length === 0) {
      this.stopped = true;
      this.handlers.onClose(this.closing.err);
    }
  };
}

import { apiError } from "./errors.js";

/**
 * Subscriptions as "current state, then changes": the event source is subscribed to before the current state is read,
 * and events arriving meanwhile are held back and delivered after it, so a late subscriber misses nothing. An event
 * already reflected in the current state may arrive once more; events carry states, so a repeat is harmless.
 */

export type Unsubscribe = () => void;

/** Delivered after the last queued event when a subscriber falls too far behind; the stream then ends. */
export class Overflow {
  constructor(readonly limit: number) {}
}

export interface LiveOptions<T> {
  /** Registers a listener on the event source; returns how to remove it. */
  subscribe(emit: (event: T) => void): Unsubscribe;
  /** The current state, as events (e.g. one ADDED per existing object). */
  current(): Promise<T[]> | T[];
  /** Drops events the subscriber did not ask for. */
  filter?(event: T): boolean;
  /** Undelivered events beyond which the subscriber is cut off with an Overflow (memory stays bounded). */
  limit?: number;
}

export const DEFAULT_QUEUE_LIMIT = 10_000;

export function live<T>(options: LiveOptions<T>): AsyncIterableIterator<T | Overflow> {
  const limit = options.limit ?? DEFAULT_QUEUE_LIMIT;
  const accept = options.filter ?? (() => true);
  const channel = new Channel<T | Overflow>();
  let held: T[] | undefined = [];
  let ended = false;

  const deliver = (event: T) => {
    if (channel.size < limit) return channel.push(event);
    channel.push(new Overflow(limit));
    end();
  };
  const unsubscribe = options.subscribe((event) => {
    if (!accept(event)) return;
    if (held) held.push(event);
    else deliver(event);
  });
  const end = (error?: unknown) => {
    if (ended) return;
    ended = true;
    unsubscribe();
    channel.close(error);
  };

  Promise.resolve()
    .then(() => options.current())
    .then(
      (items) => {
        for (const item of items) if (accept(item)) deliver(item);
        const pending = held ?? [];
        held = undefined;
        for (const event of pending) deliver(event);
      },
      (err) => end(err ?? new Error("reading the current state failed")),
    );

  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: () => channel.next(),
    async return() {
      end();
      channel.clear();
      return { value: undefined, done: true };
    },
    async throw(err?: unknown) {
      end();
      channel.clear();
      throw err;
    },
  };
}

/** An unbounded single-consumer queue with an end (and optionally an error to raise once drained). */
class Channel<T> {
  private items: T[] = [];
  private closed = false;
  private error: unknown;
  private wake: (() => void) | undefined;

  get size() {
    return this.items.length;
  }

  push(item: T) {
    if (this.closed) return;
    this.items.push(item);
    this.notify();
  }

  close(error?: unknown) {
    if (this.closed) return;
    this.closed = true;
    this.error = error;
    this.notify();
  }

  clear() {
    this.items = [];
    this.error = undefined;
  }

  async next(): Promise<IteratorResult<T>> {
    for (;;) {
      if (this.items.length > 0) return { value: this.items.shift()!, done: false };
      if (this.closed) {
        const error = this.error;
        this.error = undefined;
        if (error !== undefined) throw error;
        return { value: undefined, done: true };
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify() {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** A subscription resolver's payload; an Overflow becomes the error that ends the subscriber's stream. */
export function delivered<T>(item: T | Overflow): T {
  if (item instanceof Overflow) {
    throw apiError(
      "UNAVAILABLE",
      `This subscriber fell more than ${item.limit} events behind and was cut off; subscribe again to get the current state.`,
    );
  }
  return item;
}

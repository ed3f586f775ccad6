import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from "graphql";

type Result = ExecutionResult | Promise<ExecutionResult>;

/**
 * graphql-js executes a subscription's selection set once per subscriber for every event. Subscribers that run the
 * same operation with the same variables as the same caller get the same result for the same event object, so it is
 * executed once per event and shared: fan-out to N subscribers costs one execution plus N sends, not N executions.
 * `shareKey` says which subscriptions may share (undefined: never); events are shared by object identity and their
 * results are dropped with them (WeakMap).
 */
export function sharedSubscribe(shareKey: (args: ExecutionArgs) => string | undefined) {
  const results = new WeakMap<object, Map<string, Result>>();
  const run = (args: ExecutionArgs, key: string | undefined, event: unknown): Result => {
    if (key === undefined || typeof event !== "object" || event === null) return execute({ ...args, rootValue: event });
    let byKey = results.get(event);
    if (!byKey) results.set(event, (byKey = new Map()));
    let result = byKey.get(key);
    if (!result) byKey.set(key, (result = execute({ ...args, rootValue: event })));
    return result;
  };
  return async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const stream = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in Object(stream))) return stream as ExecutionResult;
    const key = shareKey(args);
    return mapEvents(stream as AsyncIterable<unknown>, (event) => run(args, key, event));
  };
}

/** Like graphql-js's internal mapAsyncIterator: return() reaches the source at once, even while it waits for an event. */
function mapEvents<T, U>(source: AsyncIterable<T>, map: (value: T) => U | Promise<U>): AsyncIterableIterator<U> {
  const iterator = source[Symbol.asyncIterator]();
  const close = async () => {
    await iterator.return?.();
  };
  const mapped = async (r: IteratorResult<T>): Promise<IteratorResult<U>> => {
    if (r.done) return { done: true, value: undefined };
    try {
      return { done: false, value: await map(r.value) };
    } catch (e) {
      await close().catch(() => undefined);
      throw e;
    }
  };
  return {
    next: () => iterator.next().then(mapped),
    async return() {
      await close();
      return { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      await close();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

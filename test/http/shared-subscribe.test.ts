import { GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionResult } from "graphql";
import { describe, expect, it } from "vitest";
import { sharedSubscribe } from "../../src/http/shared-subscribe.js";

/** A source every subscriber listens to; emit() hands the same event object to all of them. */
function eventSource() {
  const listeners = new Set<(e: object) => void>();
  return {
    get size() {
      return listeners.size;
    },
    emit(e: object) {
      for (const l of listeners) l(e);
    },
    iterable(): AsyncIterable<object> {
      return {
        [Symbol.asyncIterator]() {
          const queue: object[] = [];
          let wake: (() => void) | undefined;
          const listener = (e: object) => {
            queue.push(e);
            wake?.();
          };
          listeners.add(listener);
          return {
            async next() {
              while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
              return { done: false, value: queue.shift()! };
            },
            async return() {
              listeners.delete(listener);
              return { done: true, value: undefined };
            },
          };
        },
      };
    },
  };
}

function setup() {
  const source = eventSource();
  let executions = 0;
  const Event = new GraphQLObjectType({
    name: "Event",
    fields: {
      n: { type: GraphQLInt },
      label: {
        type: GraphQLString,
        args: { prefix: { type: GraphQLString } },
        resolve: (e: { n: number }, args: { prefix?: string }) => {
          executions++;
          return `${args.prefix ?? ""}${e.n}`;
        },
      },
    },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: "Query", fields: { ok: { type: GraphQLInt, resolve: () => 1 } } }),
    subscription: new GraphQLObjectType({
      name: "Subscription",
      fields: { changed: { type: Event, subscribe: () => source.iterable(), resolve: (e: unknown) => e } },
    }),
  });
  return { source, schema, executions: () => executions };
}

const document = () => parse("subscription($p: String) { changed { n label(prefix: $p) } }");

async function subscribe(subscribeFn: ReturnType<typeof sharedSubscribe>, schema: GraphQLSchema, key: string, prefix: string) {
  const doc = document();
  const stream = (await subscribeFn({ schema, document: doc, variableValues: { p: prefix }, contextValue: { key } })) as AsyncIterableIterator<ExecutionResult>;
  return stream;
}

describe("sharedSubscribe", () => {
  it("executes an event once for subscribers sharing a key, and once per key otherwise", async () => {
    const { source, schema, executions } = setup();
    const run = sharedSubscribe((args) => (args.contextValue as { key: string }).key);
    const a = await subscribe(run, schema, "same", "x");
    const b = await subscribe(run, schema, "same", "x");
    const c = await subscribe(run, schema, "other", "y");
    const next = [a.next(), b.next(), c.next()];
    source.emit({ n: 7 });
    const [ra, rb, rc] = await Promise.all(next);
    expect(ra.value).toEqual({ data: { changed: { n: 7, label: "x7" } } });
    expect(rb.value).toEqual({ data: { changed: { n: 7, label: "x7" } } });
    expect(rc.value).toEqual({ data: { changed: { n: 7, label: "y7" } } });
    expect(executions()).toBe(2);
  });

  it("never shares when the key is undefined", async () => {
    const { source, schema, executions } = setup();
    const run = sharedSubscribe(() => undefined);
    const a = await subscribe(run, schema, "k", "x");
    const b = await subscribe(run, schema, "k", "x");
    const next = [a.next(), b.next()];
    source.emit({ n: 1 });
    await Promise.all(next);
    expect(executions()).toBe(2);
  });

  it("unsubscribes from the source at once when a waiting subscription is closed", async () => {
    const { source, schema } = setup();
    const run = sharedSubscribe(() => "k");
    const a = await subscribe(run, schema, "k", "x");
    void a.next(); // waiting for an event that never comes
    expect(source.size).toBe(1);
    await a.return!();
    expect(source.size).toBe(0);
  });

  it("answers errors of the subscribe step as a result, as graphql-js does", async () => {
    const { schema } = setup();
    const run = sharedSubscribe(() => "k");
    const result = (await run({ schema, document: parse("subscription { nope }") })) as ExecutionResult;
    expect(result.errors?.[0].message).toMatch(/nope/);
  });
});

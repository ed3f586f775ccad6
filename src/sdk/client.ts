import { Kind, print, type DocumentNode, type GraphQLFormattedError } from "graphql";
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";
import WebSocket from "ws";
import { getSdk, type Sdk } from "./generated/sdk.js";

export * from "./generated/graphql.js";

export interface FedplaneClientOptions {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. Subscriptions use the same URL over ws://. */
  url: string;
  /** Bearer token: sent as `Authorization: Bearer <token>` and in graphql-ws connection_init (browsers cannot set WebSocket headers). */
  token?: string;
  /** Sent with every request and as graphql-ws connectionParams. */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

/** A GraphQL error answer, with the first error's code and field lifted for convenience. */
export class FedplaneRequestError extends Error {
  readonly code: string | undefined;
  readonly field: string | undefined;
  constructor(
    readonly errors: readonly GraphQLFormattedError[],
    readonly status?: number,
  ) {
    super(errors.map((e) => e.message).join("; ") || `request failed${status ? ` with HTTP ${status}` : ""}`);
    this.name = "FedplaneRequestError";
    this.code = errors[0]?.extensions?.code as string | undefined;
    this.field = errors[0]?.extensions?.field as string | undefined;
  }
}

/** One typed method per operation in src/sdk/operations (queries and mutations return promises, subscriptions async iterables). */
export type FedplaneClient = Sdk & {
  readonly url: string;
  /** Any document, for operations not in the SDK. */
  request<R = Record<string, unknown>>(query: string | DocumentNode, variables?: Record<string, unknown>): Promise<R>;
  /** Closes the WebSocket used by subscriptions (if one was opened). */
  close(): Promise<void>;
};

const printed = new WeakMap<DocumentNode, string>();
const text = (doc: DocumentNode) => {
  let s = printed.get(doc);
  if (s === undefined) printed.set(doc, (s = print(doc)));
  return s;
};

const isSubscription = (doc: DocumentNode) =>
  doc.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === "subscription");

function asErrors(e: unknown): readonly GraphQLFormattedError[] {
  if (Array.isArray(e)) return e as GraphQLFormattedError[];
  if (e && typeof e === "object" && "code" in e && "reason" in e) {
    const close = e as { code: number; reason: string };
    return [{ message: `WebSocket closed (${close.code}${close.reason ? `: ${close.reason}` : ""})` }];
  }
  return [{ message: e instanceof Error ? e.message : String(e) }];
}

export function createFedplaneClient(options: FedplaneClientOptions): FedplaneClient {
  const doFetch = options.fetch ?? fetch;
  const headers = { ...options.headers, ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}) };
  let ws: WsClient | undefined;

  async function request<R>(query: string, variables?: unknown, operationName?: string): Promise<R> {
    const response = await doFetch(options.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...headers },
      body: JSON.stringify({ query, variables, operationName }),
    });
    const body = await response.text();
    let result: { data?: R | null; errors?: GraphQLFormattedError[] };
    try {
      result = JSON.parse(body);
    } catch {
      throw new FedplaneRequestError([{ message: `HTTP ${response.status} from ${options.url}: ${body.slice(0, 200)}` }], response.status);
    }
    if (result.errors?.length) throw new FedplaneRequestError(result.errors, response.status);
    if (result.data == null) throw new FedplaneRequestError([{ message: `no data in the answer (HTTP ${response.status})` }], response.status);
    return result.data;
  }

  // A hand-written iterator rather than an async generator: return() must end a subscription that is waiting for its
  // next event, and a generator's return() would wait for that event first.
  function subscribe<R>(query: string, variables?: unknown): AsyncIterableIterator<R> {
    ws ??= createWsClient({
      url: options.url.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      connectionParams: headers,
      lazy: true,
      retryAttempts: 0,
    });
    const results = ws.iterate<R>({ query, variables: variables as Record<string, unknown> | undefined });
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next(): Promise<IteratorResult<R>> {
        try {
          for (;;) {
            const r = await results.next();
            if (r.done) return { done: true, value: undefined };
            if (r.value.errors?.length) {
              await results.return?.();
              throw new FedplaneRequestError(r.value.errors);
            }
            if (r.value.data != null) return { done: false, value: r.value.data };
          }
        } catch (e) {
          throw e instanceof FedplaneRequestError ? e : new FedplaneRequestError(asErrors(e));
        }
      },
      async return(): Promise<IteratorResult<R>> {
        await results.return?.();
        return { done: true, value: undefined };
      },
    };
  }

  const sdk = getSdk(<R, V>(doc: DocumentNode, variables?: V) =>
    isSubscription(doc) ? subscribe<R>(text(doc), variables) : request<R>(text(doc), variables),
  );

  return {
    ...sdk,
    url: options.url,
    request: <R>(query: string | DocumentNode, variables?: Record<string, unknown>) =>
      request<R>(typeof query === "string" ? query : text(query), variables),
    async close() {
      await ws?.dispose();
      ws = undefined;
    },
  };
}

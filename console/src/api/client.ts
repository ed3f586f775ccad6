import { createClient, type Client } from "graphql-ws";
import type { TypedDocumentString } from "../generated/graphql";
import { authorization } from "./token";

/** The API of the server that served the console (the console lives at /, the API at /graphql). */
export const GRAPHQL_URL = `${location.origin}/graphql`;

interface GraphQLError {
  message: string;
  extensions?: { code?: string; field?: string };
}

/** An error answer; `code` is the server's extensions.code (UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, ...). */
export class ApiError extends Error {
  readonly code: string | undefined;
  constructor(
    readonly errors: readonly GraphQLError[],
    readonly status?: number,
  ) {
    super(errors.map((e) => e.message).join("; ") || `request failed with HTTP ${status}`);
    this.code = errors[0]?.extensions?.code ?? (status === 401 ? "UNAUTHENTICATED" : status === 403 ? "FORBIDDEN" : undefined);
  }
}

type Listener = (e: ApiError) => void;
const unauthenticated = new Set<Listener>();

/** Called whenever the server refuses the credentials (the app shows the token prompt). */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticated.add(listener);
  return () => unauthenticated.delete(listener);
}

function check(e: ApiError): ApiError {
  if (e.code === "UNAUTHENTICATED") for (const l of unauthenticated) l(e);
  return e;
}

export async function request<R, V>(doc: TypedDocumentString<R, V>, variables: V): Promise<R> {
  let response: Response;
  try {
    response = await fetch(GRAPHQL_URL, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...authorization() },
      body: JSON.stringify({ query: doc.toString(), variables }),
    });
  } catch (e) {
    throw new ApiError([{ message: `fedplane is not reachable at ${GRAPHQL_URL} (${(e as Error).message}): is the server running?` }]);
  }
  let body: { data?: R | null; errors?: GraphQLError[] };
  try {
    body = await response.json();
  } catch {
    throw check(new ApiError([], response.status));
  }
  if (body.errors?.length) throw check(new ApiError(body.errors, response.status));
  if (body.data == null) throw check(new ApiError([], response.status));
  return body.data;
}

export type LiveStatus = "connecting" | "live" | "reconnecting";
const statusListeners = new Set<(s: LiveStatus) => void>();
let liveStatus: LiveStatus = "connecting";
const setStatus = (s: LiveStatus) => {
  liveStatus = s;
  for (const l of statusListeners) l(s);
};

export function onLiveStatus(listener: (s: LiveStatus) => void): () => void {
  statusListeners.add(listener);
  listener(liveStatus);
  return () => statusListeners.delete(listener);
}

let ws: Client | undefined;

function socket(): Client {
  ws ??= createClient({
    url: GRAPHQL_URL.replace(/^http/, "ws"),
    // Browsers cannot set headers on a WebSocket: the token goes in connection_init.
    connectionParams: () => authorization(),
    retryAttempts: Infinity,
    shouldRetry: (e) => !(e && typeof e === "object" && "code" in e && (e.code === 4401 || e.code === 4403)),
    on: {
      connected: () => setStatus("live"),
      closed: (e) => {
        const code = (e as CloseEvent | undefined)?.code;
        if (code === 4401 || code === 4403) check(new ApiError([{ message: "the server refused the token", extensions: { code: "UNAUTHENTICATED" } }]));
        setStatus("reconnecting");
      },
    },
  });
  return ws;
}

/** Drops the WebSocket (e.g. after the token changed); subscriptions resubscribe on the next one. */
export async function resetSocket(): Promise<void> {
  const old = ws;
  ws = undefined;
  await old?.dispose();
}

/** A subscription; after a reconnect the server sends the current state again, so `onData` must be idempotent. */
export function subscribe<R, V>(doc: TypedDocumentString<R, V>, variables: V, onData: (data: R) => void, onError: (e: ApiError) => void): () => void {
  return socket().subscribe<R>(
    { query: doc.toString(), variables: variables as Record<string, unknown> },
    {
      next: (r) => {
        if (r.errors?.length) onError(check(new ApiError(r.errors as GraphQLError[])));
        else if (r.data) onData(r.data);
      },
      error: (e) => onError(check(e instanceof ApiError ? e : new ApiError(Array.isArray(e) ? e : [{ message: String((e as Error)?.message ?? e) }]))),
      complete: () => {},
    },
  );
}

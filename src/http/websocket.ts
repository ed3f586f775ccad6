import type { Server } from "node:http";
import { parse, specifiedRules, validate, GraphQLError, type GraphQLSchema, type ValidationRule } from "graphql";
import type { Disposable } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import type { Logger } from "../app/logger.js";
import { formatError } from "../graphql/errors.js";
import { credentialsFrom, type Authenticator, type Identity } from "../graphql/identity.js";
import { hostAllowed, originAllowed } from "./hosts.js";
import { sharedSubscribe } from "./shared-subscribe.js";
import type { Limits } from "./limits.js";

export interface WebSocketOptions<C> {
  server: Server;
  path: string;
  boundHost: string;
  schema: GraphQLSchema;
  rules: readonly ValidationRule[];
  limits: Limits;
  authenticator: Authenticator;
  /** One context per subscription; `live` contexts must not cache reads across events. */
  context(identity: Identity, options: { live: boolean }): C;
  logger: Logger;
}

export interface GraphQLWebSocket {
  /** Closes every socket (1001 "Going away") and the server. */
  close(): Promise<void>;
}

/**
 * graphql-ws on the HTTP server's port and path. The same limits as HTTP apply: token limit while parsing, the depth,
 * alias and cost rules while validating, a message size limit, and a connection_init deadline.
 */
export function attachWebSocket<C>(options: WebSocketOptions<C>): GraphQLWebSocket {
  const { schema, limits, logger } = options;
  const rules = [...specifiedRules, ...options.rules];
  const wss = new WebSocketServer({
    server: options.server,
    path: options.path,
    maxPayload: limits.maxWebSocketMessageBytes,
    verifyClient: ({ req }: { req: import("node:http").IncomingMessage }) => hostAllowed(req, options.boundHost) && originAllowed(req),
  });
  wss.on("error", (err) => logger.warn("websocket server error", { error: err }));

  const identities = new WeakMap<object, Identity>();
  // Subscriptions with the same operation, variables and caller share one execution per event.
  const shareKeys = new WeakMap<object, string>();
  const format = (errors: readonly GraphQLError[]) => errors.map((e) => formatError(e.toJSON(), e, logger));

  const disposable: Disposable = useServer(
    {
      schema,
      connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
      subscribe: sharedSubscribe((args) => shareKeys.get(args.document)),
      onConnect: async (ctx) => {
        const credentials = { ...credentialsFrom(ctx.extra.request.headers), ...credentialsFrom(ctx.connectionParams) };
        identities.set(ctx.extra.socket, await options.authenticator.authenticate(credentials));
        return true;
      },
      onSubscribe: (ctx, _id, payload) => {
        let document;
        try {
          document = parse(payload.query, { maxTokens: limits.maxTokens });
        } catch (e) {
          return [e instanceof GraphQLError ? e : new GraphQLError(String(e))];
        }
        const errors = validate(schema, document, rules);
        if (errors.length > 0) return errors;
        const identity = identities.get(ctx.extra.socket);
        if (!identity) return [new GraphQLError("connection not initialised")];
        shareKeys.set(document, JSON.stringify([payload.query, payload.operationName ?? null, payload.variables ?? {}, identity]));
        return {
          schema,
          document,
          variableValues: payload.variables,
          operationName: payload.operationName,
          contextValue: options.context(identity, { live: true }),
        };
      },
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: format(result.errors) } : undefined),
      onError: (_ctx, _id, _payload, errors) => format(errors),
    },
    wss,
  );

  return {
    async close() {
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

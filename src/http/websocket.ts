import type { Server } from "node:http";
import { parse, specifiedRules, validate, GraphQLError, type GraphQLSchema, type ValidationRule } from "graphql";
import type { Disposable } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";
import type { Logger } from "../app/logger.js";
import { formatError } from "../graphql/errors.js";
import type { AuthRequest } from "../auth/authenticator.js";
import { AuthenticationError } from "../auth/errors.js";
import type { Identity } from "../auth/identity.js";
import { connectionParamsCredentials, requestCredentials, type RequestAuthenticator } from "./authenticate.js";
import { hostAllowed, originAllowed } from "./hosts.js";
import { checkJsonDepth } from "./body.js";
import { sharedSubscribe } from "./shared-subscribe.js";
import type { Limits } from "./limits.js";

export interface WebSocketOptions<C> {
  server: Server;
  path: string;
  boundHost: string;
  allowedHosts: readonly string[];
  schema: GraphQLSchema;
  rules: readonly ValidationRule[];
  limits: Limits;
  authenticator: RequestAuthenticator;
  /** One context per subscription; `live` contexts must not cache reads across events. */
  context(identity: Identity, options: { live: boolean }): C;
  logger: Logger;
}

export const CLOSE_UNAUTHENTICATED = 4401;
/** Too many WebSockets of this user (as HTTP's 429). */
export const CLOSE_TOO_MANY_FOR_USER = 4429;
/** The server holds as many WebSockets as it allows: RFC 6455's "try again later". */
export const CLOSE_TRY_AGAIN_LATER = 1013;

/** A WebSocket close reason is at most 123 bytes. */
export function closeReason(message: string): string {
  const buf = Buffer.from(message);
  return buf.length <= 123 ? message : `${buf.subarray(0, 120).toString("utf8").replace(/\uFFFD*$/, "")}...`;
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
    verifyClient: ({ req }: { req: import("node:http").IncomingMessage }) => hostAllowed(req, options.boundHost, options.allowedHosts) && originAllowed(req),
  });
  wss.on("error", (err) => logger.warn("websocket server error", { error: err }));

  const identities = new WeakMap<object, Identity>();
  const perUser = new Map<string, number>();
  // A token revoked (TokenReview says so) or expired while its WebSocket is open ends that WebSocket too.
  const credentialsOf = new Map<WebSocket, AuthRequest>();
  const recheck = setInterval(() => {
    for (const [socket, credentials] of credentialsOf) {
      options.authenticator.authenticate(credentials).catch((e: unknown) => {
        if (e instanceof AuthenticationError && credentialsOf.delete(socket)) socket.close(CLOSE_UNAUTHENTICATED, closeReason("Unauthorized: the credentials are no longer valid"));
      });
    }
  }, limits.webSocketReauthenticateMs);
  recheck.unref();
  wss.on("connection", (socket) => {
    if (wss.clients.size > limits.maxWebSocketConnections) {
      socket.close(CLOSE_TRY_AGAIN_LATER, closeReason(`fedplane serves at most ${limits.maxWebSocketConnections} WebSockets; try again later`));
      return;
    }
    socket.once("close", () => {
      credentialsOf.delete(socket);
      const user = identities.get(socket)?.user;
      if (user === undefined) return;
      const n = (perUser.get(user) ?? 1) - 1;
      if (n > 0) perUser.set(user, n);
      else perUser.delete(user);
    });
  });
  // Subscriptions with the same operation, variables and caller share one execution per event.
  const shareKeys = new WeakMap<object, string>();
  const format = (errors: readonly GraphQLError[]) => errors.map((e) => formatError(e.toJSON(), e, logger));

  const disposable: Disposable = useServer(
    {
      schema,
      connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
      subscribe: sharedSubscribe((args) => shareKeys.get(args.document)),
      onConnect: async (ctx) => {
        const credentials = connectionParamsCredentials(ctx.connectionParams, requestCredentials(ctx.extra.request));
        try {
          const identity = await options.authenticator.authenticate(credentials);
          const open = perUser.get(identity.user) ?? 0;
          if (open >= limits.maxWebSocketConnectionsPerUser) {
            ctx.extra.socket.close(CLOSE_TOO_MANY_FOR_USER, closeReason(`user ${identity.user} has ${open} WebSockets open, the most allowed; close some`));
            return false;
          }
          perUser.set(identity.user, open + 1);
          identities.set(ctx.extra.socket, identity);
          credentialsOf.set(ctx.extra.socket as WebSocket, credentials);
          return true;
        } catch (e) {
          if (!(e instanceof AuthenticationError)) throw e;
          // 4401 rather than graphql-ws's generic 4403: the client should ask for credentials, not give up.
          ctx.extra.socket.close(CLOSE_UNAUTHENTICATED, closeReason(e.message));
          return false;
        }
      },
      onSubscribe: (ctx, _id, payload) => {
        // graphql-ws has already counted this one.
        if (Object.keys(ctx.subscriptions).length > limits.maxSubscriptionsPerConnection) {
          return [
            new GraphQLError(`this WebSocket already has ${limits.maxSubscriptionsPerConnection} subscriptions, the most allowed; complete some or open another connection`, {
              extensions: { code: "TOO_MANY_SUBSCRIPTIONS" },
            }),
          ];
        }
        try {
          checkJsonDepth(payload.variables, "variables");
        } catch (e) {
          return [new GraphQLError((e as Error).message, { extensions: { code: "BAD_USER_INPUT" } })];
        }
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
      clearInterval(recheck);
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

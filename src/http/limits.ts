import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { ValidationRule } from "graphql";

/** The server's safety limits. Defaults suit a control plane API; every one can be changed when starting the server. */
export interface Limits {
  /** Request body bytes for any GraphQL request. */
  maxBodyBytes: number;
  /** Request body bytes for manifest mutations (applyManifest, create/updateFederatedResource). */
  maxManifestBodyBytes: number;
  /** Selection depth of an operation. */
  maxDepth: number;
  /** Aliases in an operation. */
  maxAliases: number;
  /** graphql-armor's cost estimate (objects 2, scalars 1, multiplied per level of depth). */
  maxCost: number;
  /** Lexical tokens in an operation document (checked while parsing, before anything else). */
  maxTokens: number;
  maxDirectives: number;
  /** A WebSocket must send connection_init within this many ms or is closed (4408). */
  connectionInitTimeoutMs: number;
  /** Largest WebSocket message. */
  maxWebSocketMessageBytes: number;
  /** How long shutdown waits for in-flight requests before closing connections. */
  drainTimeoutMs: number;
  /** Open WebSockets on this server; one more is closed with 1013 (try again later). */
  maxWebSocketConnections: number;
  /** Open WebSockets of one user; one more is closed with 4429. */
  maxWebSocketConnectionsPerUser: number;
  /** Subscriptions at once on one WebSocket; one more is refused with an error naming the limit. */
  maxSubscriptionsPerConnection: number;
  /** Open WebSockets' credentials are checked again this often; one no longer valid is closed with 4401. */
  webSocketReauthenticateMs: number;
}

export const MiB = 1024 * 1024;

export const defaultLimits: Limits = {
  maxBodyBytes: 1 * MiB,
  maxManifestBodyBytes: 4 * MiB,
  maxDepth: 12,
  maxAliases: 30,
  maxCost: 20_000,
  maxTokens: 5_000,
  maxDirectives: 50,
  connectionInitTimeoutMs: 5_000,
  maxWebSocketMessageBytes: 1 * MiB,
  drainTimeoutMs: 5_000,
  maxWebSocketConnections: 512,
  maxWebSocketConnectionsPerUser: 64,
  maxSubscriptionsPerConnection: 200,
  webSocketReauthenticateMs: 30_000,
};

/** Mutations whose input is a manifest and may be larger than other requests. */
export const manifestMutations: ReadonlySet<string> = new Set(["applyManifest", "createFederatedResource", "updateFederatedResource"]);

/**
 * Depth, alias, cost and directive limits as graphql-js validation rules (from graphql-armor), shared by HTTP and
 * WebSocket so a subscription cannot get around them. Field suggestions stay on: the schema is introspectable anyway
 * and "Did you mean ...?" is the clear error users need.
 */
export function validationRules(limits: Limits): ValidationRule[] {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases, allowList: [] }, // __typename aliases count too: 1,000 of them are still 1,000
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { enabled: false }, // graphql-js's own parse option does this (parseOptions.maxTokens)
    blockFieldSuggestion: { enabled: false },
  });
  return armor.protect().validationRules;
}

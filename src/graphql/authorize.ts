import { GraphQLError } from "graphql";
import { forbiddenMessage, type ResourceAttributes } from "../auth/attributes.js";
import type { ResourceType } from "../cluster/resource-type.js";
import { resolveKind } from "../federation/validation.js";
import type { GraphQLContext } from "./context.js";

/**
 * Authorization call sites: every resolver asks the admin cluster's RBAC (through services.authorizer) the question
 * kubectl would need answered for the same read or change. Refusals are FORBIDDEN with HTTP status 403.
 */

export type Verb = ResourceAttributes["verb"];

export const attributesOf = (type: ResourceType, verb: Verb, namespace?: string, name?: string): ResourceAttributes => ({
  verb,
  group: type.group,
  resource: type.plural,
  ...(namespace ? { namespace } : {}),
  ...(name ? { name } : {}),
});

/** A federated kind (enum value or Kubernetes kind name) as RBAC sees it: e.g. federatedupstreams.fed.gloo.solo.io. */
export const federatedAttributes = (kind: string, verb: Verb, namespace?: string, name?: string) =>
  attributesOf(resolveKind(kind).type, verb, namespace, name);

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "FORBIDDEN", http: { status: 403 } } });
}

/**
 * Whether the caller may. Answers are remembered for one request (a list asks once per kind and namespace); a
 * subscription's context has no memo, so each event asks again and a revoked right stops events within the
 * authorizer's cache TTL.
 */
export async function may(ctx: GraphQLContext, attributes: ResourceAttributes): Promise<boolean> {
  const key = JSON.stringify([attributes.verb, attributes.group, attributes.resource, attributes.namespace ?? "", attributes.name ?? ""]);
  let decision = ctx.decisions?.get(key);
  if (!decision) {
    decision = ctx.services.authorizer.authorize(ctx.identity, attributes).then((d) => d.allowed);
    ctx.decisions?.set(key, decision);
  }
  return decision;
}

/** Throws FORBIDDEN (403) in kubectl's words unless the caller may. */
export async function authorize(ctx: GraphQLContext, attributes: ResourceAttributes): Promise<void> {
  if (!(await may(ctx, attributes))) throw forbidden(forbiddenMessage(ctx.identity, attributes));
}

/** The items the caller may read (list filtering, as the issue asks: lists are filtered, not refused). */
export async function readable<T>(ctx: GraphQLContext, items: readonly T[], attributes: (item: T) => ResourceAttributes): Promise<T[]> {
  const allowed = await Promise.all(items.map((item) => may(ctx, attributes(item))));
  return items.filter((_, i) => allowed[i]);
}

/**
 * A subscription's events, each delivered only when the caller may see it (asked again per event). Events for which
 * `attributes` says undefined (e.g. an overflow marker) pass. return() reaches the source at once.
 */
export function authorizedEvents<T>(
  ctx: GraphQLContext,
  source: AsyncIterableIterator<T>,
  attributes: (event: T) => ResourceAttributes | undefined,
): AsyncIterableIterator<T> {
  const next = async (): Promise<IteratorResult<T>> => {
    for (;;) {
      const r = await source.next();
      if (r.done) return r;
      const a = attributes(r.value);
      if (!a || (await may(ctx, a))) return r;
    }
  };
  return {
    next,
    return: async () => (await source.return?.()) ?? { done: true, value: undefined },
    throw: async (e?: unknown) => (source.throw ? source.throw(e) : Promise.reject(e)),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

import { GraphQLError } from "graphql";
import type { MiddlewareFn } from "type-graphql";
import { parseManifest } from "../federation/manifest.js";
import type { GraphQLContext } from "./context.js";

type Args = Record<string, any>;

/** The objects a mutation's arguments name; never a credential (kubeconfigs and tokens are not read). */
function objectsOf(operation: string, args: Args, federationNamespace: string): string[] {
  if (operation === "applyManifest") {
    try {
      return parseManifest(String(args.manifest)).map(({ value }) => {
        const v = value as { kind?: unknown; metadata?: { namespace?: unknown; name?: unknown } };
        return `${String(v?.kind)} ${v?.metadata?.namespace ? `${String(v.metadata.namespace)}/` : ""}${String(v?.metadata?.name)}`;
      });
    } catch {
      return ["(unreadable manifest)"];
    }
  }
  if (operation === "registerCluster") return [`KubernetesCluster ${federationNamespace}/${String(args.input?.name)}`];
  if (operation === "deregisterCluster") return [`KubernetesCluster ${federationNamespace}/${String(args.name)}`];
  const ref = args.input ?? args;
  return [`${String(ref.kind)} ${String(ref.namespace)}/${String(ref.name)}`];
}

/**
 * Writes every mutation, allowed or not, to the audit log (--audit-log) once it has ended, over HTTP and WebSocket
 * alike. Put on each mutation resolver with @UseMiddleware(audited).
 */
export const audited: MiddlewareFn<GraphQLContext> = async ({ context, args, info }, next) => {
  const audit = context.services.audit;
  if (!audit) return next();
  const base = {
    user: context.identity.user,
    groups: context.identity.groups,
    operation: info.fieldName,
    objects: objectsOf(info.fieldName, args, context.services.info.federationNamespace),
    dryRun: args.dryRun === true,
  };
  try {
    const result = await next();
    audit.write({ ...base, outcome: "succeeded" });
    return result;
  } catch (e) {
    const code = e instanceof GraphQLError ? e.extensions?.code : (e as { code?: unknown })?.code;
    audit.write({ ...base, outcome: code === "FORBIDDEN" ? "denied" : "failed", reason: (e as Error)?.message ?? String(e) });
    throw e;
  }
};

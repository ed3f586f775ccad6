import { GraphQLError } from "graphql";
import type { MiddlewareFn } from "type-graphql";
import { describeObject, type AuditObject } from "../auth/audit.js";
import { apiVersionOf } from "../cluster/resource-type.js";
import { kubernetesClusterType } from "../clusters/kinds.js";
import { parseManifest } from "../federation/manifest.js";
import { federatedKindOfEnum } from "./enums.js";
import type { GraphQLContext } from "./context.js";

type Args = Record<string, any>;

const cluster = (namespace: string, name: unknown): AuditObject => ({ apiVersion: apiVersionOf(kubernetesClusterType), kind: "KubernetesCluster", namespace, name: String(name) });

/** The objects a mutation's arguments name; never a credential (kubeconfigs and tokens are not read). */
function objectsOf(operation: string, args: Args, federationNamespace: string): AuditObject[] {
  if (operation === "applyManifest") {
    try {
      return parseManifest(String(args.manifest)).map(({ value }) => {
        const v = value as { apiVersion?: unknown; kind?: unknown; metadata?: { namespace?: unknown; name?: unknown } };
        return {
          ...(typeof v?.apiVersion === "string" ? { apiVersion: v.apiVersion } : {}),
          kind: String(v?.kind),
          ...(v?.metadata?.namespace ? { namespace: String(v.metadata.namespace) } : {}),
          name: String(v?.metadata?.name),
        };
      });
    } catch {
      return [{ kind: "(unreadable manifest)", name: "" }];
    }
  }
  if (operation === "registerCluster") return [cluster(federationNamespace, args.input?.name)];
  if (operation === "deregisterCluster") return [cluster(federationNamespace, args.name)];
  const ref = args.input ?? args;
  let row: ReturnType<typeof federatedKindOfEnum> | undefined;
  try {
    row = federatedKindOfEnum(String(ref.kind));
  } catch {
    row = undefined;
  }
  return [{ ...(row ? { apiVersion: apiVersionOf(row.type), kind: row.name } : { kind: String(ref.kind) }), namespace: String(ref.namespace), name: String(ref.name) }];
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
    dryRun: args.dryRun === true,
  };
  const objects = objectsOf(info.fieldName, args, context.services.info.federationNamespace);
  const record = { ...base, objects: objects.map(describeObject) };
  try {
    const result = await next();
    audit.write({ ...record, outcome: "succeeded" }, objects);
    return result;
  } catch (e) {
    const code = e instanceof GraphQLError ? e.extensions?.code : (e as { code?: unknown })?.code;
    audit.write({ ...record, outcome: code === "FORBIDDEN" ? "denied" : "failed", reason: (e as Error)?.message ?? String(e) }, objects);
    throw e;
  }
};

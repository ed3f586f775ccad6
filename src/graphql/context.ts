import type { Logger } from "../app/logger.js";
import type { ClusterRegistry } from "../clusters/registry.js";
import type { Registrations } from "../clusters/registration-service.js";
import type { FederationService } from "../federation/service.js";
import type { HealthService } from "../health/service.js";
import type { Authorizer } from "../auth/attributes.js";
import type { AuditLog } from "../auth/audit.js";
import type { RbacApplyOptions, RbacApplyResult } from "../auth/rbac-manifest.js";
import type { Identity } from "./identity.js";
import { objectsLoader, type CachedObjects, type ObjectsLoader } from "./objects/loaders.js";

export interface ServerFacts {
  version: string;
  backend: "embedded" | "kubernetes";
  federationNamespace: string;
  startedAt: Date;
}

/** The domain services resolvers call; the composition root (src/app) provides them. */
export interface Services {
  info: ServerFacts;
  clusters: ClusterRegistry;
  registrations: Registrations;
  federation: FederationService;
  /** Cross-cluster health: checks, GlooInstances and Gloo's verdicts on placed objects, from watch caches. */
  health: HealthService;
  /** The admin cluster's RBAC: every resolver asks it before reading or changing anything. */
  authorizer: Authorizer;
  /** --audit-log: every mutation is recorded there. */
  audit?: Pick<AuditLog, "write">;
  /** Embedded default: applies RBAC documents of a manifest to the embedded admin cluster. */
  rbac?: { apply(documents: { index: number; value: unknown }[], options: RbacApplyOptions): Promise<RbacApplyResult[]> };
  /** Watch caches that can answer reads of member-cluster objects without an API call. */
  cachedObjects?: CachedObjects;
}

/** Per-request batching of reads from member clusters. */
export interface Loaders {
  objects: ObjectsLoader;
}

/** What every resolver gets: who is calling, the services, and this request's batching loaders. */
export interface GraphQLContext {
  identity: Identity;
  services: Services;
  loaders: Loaders;
  logger: Logger;
  /** Authorization answers for this request; absent for subscriptions, which ask again for each event. */
  decisions?: Map<string, Promise<boolean>>;
}

/** `live` (subscriptions): the context outlives one event, so loaders must not cache across events. */
export function createContext(services: Services, logger: Logger, identity: Identity, options: { live: boolean }): GraphQLContext {
  return {
    identity,
    services,
    loaders: { objects: objectsLoader(services.clusters, services.cachedObjects, { cache: !options.live }) },
    logger,
    ...(options.live ? {} : { decisions: new Map() }),
  };
}

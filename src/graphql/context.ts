import type { Logger } from "../app/logger.js";
import type { Identity } from "./identity.js";

export interface ServerFacts {
  version: string;
  backend: "embedded" | "kubernetes";
  federationNamespace: string;
  startedAt: Date;
}

/** The domain services resolvers call; the composition root (src/app) provides them. */
export interface Services {
  info: ServerFacts;
}

/** What every resolver gets: who is calling, the services, and this request's batching loaders. */
export interface GraphQLContext {
  identity: Identity;
  services: Services;
  logger: Logger;
}

export function createContext(services: Services, logger: Logger, identity: Identity, _options: { live: boolean }): GraphQLContext {
  return { identity, services, logger };
}

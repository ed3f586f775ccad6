import "reflect-metadata";
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchemaSync, type PubSub } from "type-graphql";
import { ClustersResolver } from "./clusters/resolver.js";
import { FederatedResourceResolver, FederationResolver, PlacementStatusEventResolver } from "./federation/resolver.js";
import { FederatedResourceHealthResolver, HealthResolver } from "./health/resolver.js";
import { ObjectsResolver } from "./objects/resolver.js";
import { ServerResolver } from "./server/resolver.js";

// type-graphql insists on a PubSub once there are subscriptions, but ours all bring their own `subscribe` (event
// streams of the domain services via live()), so topics are never used.
const noTopics: PubSub = {
  publish() {
    throw new Error("fedplane subscriptions do not use PubSub topics");
  },
  subscribe() {
    throw new Error("fedplane subscriptions do not use PubSub topics");
  },
};

/** The whole API, code-first: one resolver class per domain folder. */
export function buildFedplaneSchema(): GraphQLSchema {
  return buildSchemaSync({
    resolvers: [ServerResolver, ClustersResolver, FederationResolver, FederatedResourceResolver, PlacementStatusEventResolver, ObjectsResolver, HealthResolver, FederatedResourceHealthResolver],
    validate: false,
    pubSub: noTopics,
  });
}

/** schema.graphql's content: sorted, so it only changes when the API does. */
export function printFedplaneSchema(schema: GraphQLSchema = buildFedplaneSchema()): string {
  return printSchema(lexicographicSortSchema(schema)) + "\n";
}

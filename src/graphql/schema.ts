import "reflect-metadata";
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchemaSync } from "type-graphql";
import { ServerResolver } from "./server/resolver.js";

/** The whole API, code-first: one resolver class per domain folder. */
export function buildFedplaneSchema(): GraphQLSchema {
  return buildSchemaSync({
    resolvers: [ServerResolver],
    validate: false,
  });
}

/** schema.graphql's content: sorted, so it only changes when the API does. */
export function printFedplaneSchema(schema: GraphQLSchema = buildFedplaneSchema()): string {
  return printSchema(lexicographicSortSchema(schema)) + "\n";
}

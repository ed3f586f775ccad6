import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from "graphql";
import { GraphQLJSON } from "graphql-scalars";

/** Any JSON value: templates, specs, patches and Gloo statuses are free-form for GraphQL, checked by the domain. */
export const JSONScalar = GraphQLJSON;

function checkStringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw new GraphQLError("StringMap must be an object of string values, e.g. {\"app\": \"web\"}");
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== "string") throw new GraphQLError(`StringMap value for "${k}" must be a string`);
  }
  return value as Record<string, string>;
}

function literal(node: ValueNode): unknown {
  if (node.kind !== Kind.OBJECT) throw new GraphQLError("StringMap must be an object of string values", { nodes: node });
  return Object.fromEntries(
    node.fields.map((f) => {
      if (f.value.kind !== Kind.STRING) throw new GraphQLError(`StringMap value for "${f.name.value}" must be a string`, { nodes: f });
      return [f.name.value, f.value.value];
    }),
  );
}

/** Kubernetes labels and annotations: a map of string to string. */
export const StringMapScalar = new GraphQLScalarType<Record<string, string>, Record<string, string>>({
  name: "StringMap",
  description: 'A map of string keys to string values, as Kubernetes labels and annotations: {"app": "web"}.',
  serialize: checkStringMap,
  parseValue: checkStringMap,
  parseLiteral: (node) => checkStringMap(literal(node)),
});

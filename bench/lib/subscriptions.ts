/**
 * The placementStatusChanged subscription as the benchmark's clients send it, and how they name what they receive:
 * keyPaths pick "namespace|name|STATE" (plus the status message) out of each graphql-ws `next` message.
 */
export function placementSubscription(variables: { namespace: string; name?: string }): {
  request: { query: string; variables: Record<string, unknown> };
  keyPaths: string[][];
} {
  const event = ["payload", "data", "placementStatusChanged"];
  return {
    request: {
      query: `subscription Placement($namespace: String, $name: String) {
  placementStatusChanged(kind: FederatedUpstream, namespace: $namespace, name: $name) {
    kind namespace name generation
    placementStatus { state message observedGeneration writtenBy clusters { cluster namespaces { namespace state message } } }
  }
}`,
      variables,
    },
    keyPaths: [
      [...event, "namespace"],
      [...event, "name"],
      [...event, "placementStatus", "state"],
      [...event, "placementStatus", "message"],
    ],
  };
}

/** The key of a PLACED event (whose message is empty) of one object. */
export const placedKey = (namespace: string, name: string) => `${namespace}|${name}|PLACED|null`;

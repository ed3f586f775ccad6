import type { PlaygroundTab } from "../http/playground.js";
import { seedManifest } from "./examples.js";

/** Ready-to-run operations, in the order a newcomer would try them. */
const examples: PlaygroundTab[] = [
  {
    query: `# fedplane examples: press ▶ (or Ctrl-Enter) and pick an operation. Docs: the book icon on the left.

# Registered clusters.
query Clusters {
  clusters {
    name
    local
    ready
    kubernetesVersion
    labels
    lastError
  }
}
`,
  },
  {
    query: `# Gloo Federation's seed example: an Upstream and a VirtualService routing /solo to it, placed into every
# registered cluster ("*"). Set dryRun to true to see the placement plan without writing anything.
mutation ApplySeed($manifest: String!, $dryRun: Boolean) {
  applyManifest(manifest: $manifest, dryRun: $dryRun) {
    resources {
      action
      kind
      namespace
      name
      plan { valid message destinations { cluster namespace } }
    }
  }
}
`,
    variables: { manifest: seedManifest(["*"]), dryRun: false },
  },
  {
    query: `# Live placement: the current state first, then every change. Try it while applying or deleting in another tab,
# or delete a placed object in a member cluster and watch fedplane put it back.
subscription Placement {
  placementStatusChanged(namespace: "gloo-system") {
    kind
    name
    generation
    placementStatus {
      state
      message
      clusters { cluster namespaces { namespace state message } }
    }
  }
}
`,
  },
  {
    query: `# Federated resources with their placement, and the objects as the member clusters hold them.
query FederatedResources {
  federatedResources(namespace: "gloo-system") {
    totalCount
    nodes {
      kind
      metadata { name namespace generation }
      placementStatus { state message observedGeneration }
      placedObjects { cluster namespace name resourceVersion spec }
    }
  }
}
`,
  },
];

/**
 * One tab holding every example (GraphiQL asks which operation to run): this GraphiQL build does not switch editor
 * contents between preloaded tabs reliably. Operations ignore variables they do not declare.
 */
export const playgroundTabs: PlaygroundTab[] = [
  {
    query: examples.map((e) => e.query).join("\n"),
    variables: Object.assign({}, ...examples.map((e) => e.variables ?? {})),
  },
];

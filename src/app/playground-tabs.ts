import type { PlaygroundTab } from "../http/playground.js";

/** What a newcomer sees in the playground: ready-to-run operations, in the order one would try them. */
export const playgroundTabs: PlaygroundTab[] = [
  {
    query: `# Registered clusters. Run with the ▶ button (or Ctrl-Enter).
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
];

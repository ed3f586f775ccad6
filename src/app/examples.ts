import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { packageRoot } from "./version.js";

/** Gloo Federation's seed example as kept in examples/: an Upstream, and a VirtualService routing /solo to it. */
export const SEED_FILES = ["federated-upstream.yaml", "federated-virtualservice.yaml"] as const;

/**
 * The seed example as one manifest, placed into `clusters` ("*": every registered one) x `namespaces`; the federated
 * objects themselves live in `namespace` (default: as in the files, gloo-system).
 */
export function seedManifest(clusters: string[], namespaces = ["gloo-system"], namespace?: string): string {
  return SEED_FILES.map((file) => {
    const doc = parseDocument(readFileSync(join(packageRoot(), "examples", file), "utf8"));
    doc.commentBefore = null; // it describes the file's own placement
    doc.setIn(["spec", "placement", "clusters"], doc.createNode(clusters, { flow: true }));
    doc.setIn(["spec", "placement", "namespaces"], doc.createNode(namespaces, { flow: true }));
    if (namespace) doc.setIn(["metadata", "namespace"], namespace);
    return doc.toString();
  }).join("---\n");
}

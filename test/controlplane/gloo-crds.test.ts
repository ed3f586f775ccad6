import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { projectCrds } from "../../src/crds/project-crds.js";
import { crdDifferences, crdKey } from "../../src/gloo/crd-compare.js";
import { glooFederationAdminCrds, glooUpstreamCrd } from "../support/gloo-federation-crds.js";

const byKey = new Map(projectCrds().map((crd) => [crdKey(crd), crd]));

describe("fedplane's CRDs stand in for Gloo Federation's and Gloo's (from the facts)", () => {
  it.each(glooFederationAdminCrds().map((crd) => [crdKey(crd), crd] as const))("%s", (key, real) => {
    const ours = byKey.get(key);
    expect(ours, `fedplane generates no CRD ${key}`).toBeDefined();
    expect(crdDifferences(ours!, real)).toEqual([]);
  });

  it("names the federated Matchable kinds as Gloo Federation does (the word matchable kept)", () => {
    expect(byKey.has("federatedmatchablehttpgateways.fed.gateway.solo.io")).toBe(true);
    expect(byKey.has("federatedmatchabletcpgateways.fed.gateway.solo.io")).toBe(true);
    expect(byKey.has("httpgateways.gateway.solo.io")).toBe(true);
  });

  it("keeps Gloo's names and short names for the Gloo kinds", () => {
    const upstream = glooUpstreamCrd();
    const ours = byKey.get(crdKey(upstream))!;
    // fedplane's Gloo CRDs keep every field (opaque spec), Gloo's prune: ours may stand in for theirs, not the reverse.
    expect(crdDifferences(ours, upstream)).toEqual([]);
    expect(crdDifferences(upstream, ours).some((d) => d.includes("prunes unknown fields"))).toBe(true);
  });

  it("tells a CRD that would lose data from one that would not", () => {
    const kc = glooFederationAdminCrds().find((c) => crdKey(c) === "kubernetesclusters.multicluster.solo.io")!;
    const stringGeneration = structuredClone(kc) as { spec: { versions: { schema: { openAPIV3Schema: any } }[] } };
    const status = stringGeneration.spec.versions[0].schema.openAPIV3Schema.properties.status.properties;
    status.status.items.properties.observedGeneration = { type: "string" };
    delete status.policyRules;
    expect(crdDifferences(stringGeneration as never, kc)).toEqual([
      "version v1alpha1: status.policyRules would be pruned",
      "version v1alpha1: status.status[].observedGeneration is string, not integer",
    ]);
  });
});

// The real CRDs, when the reference data is next to the project (CI has it at ../shared; the project never needs it).
const SHARED = join(process.cwd(), "..", "shared", "gloo-1.15", "crds");
const sharedCrds = existsSync(SHARED)
  ? readdirSync(SHARED).flatMap((dir) =>
      readdirSync(join(SHARED, dir))
        .filter((f) => f.endsWith(".yaml"))
        .flatMap((f) => parseAllDocuments(readFileSync(join(SHARED, dir, f), "utf8")).map((d) => d.toJSON() as Record<string, unknown>))
        .filter((d) => d?.kind === "CustomResourceDefinition"),
    )
  : [];

describe.runIf(sharedCrds.length > 0)("fedplane's CRDs stand in for the real Gloo 1.15 ones (../shared)", () => {
  const used = sharedCrds.filter((crd) => byKey.has(crdKey(crd)));
  it("covers every real CRD of a kind fedplane reads or writes", () => {
    const fedplaneKinds = [...byKey.keys()].sort();
    expect(used.map(crdKey).sort()).toEqual(fedplaneKinds);
  });
  it.each(used.map((crd) => [crdKey(crd), crd] as const))("%s", (_key, real) => {
    expect(crdDifferences(byKey.get(crdKey(real))!, real)).toEqual([]);
  });
});

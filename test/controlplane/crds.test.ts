import { describe, expect, it } from "vitest";
import { glooInstanceType, kubernetesClusterType } from "../../src/clusters/kinds.js";
import { CRDS_DIR, readCrdFiles, staleCrdFiles } from "../../src/controlplane/crds.js";
import { crdName, projectCrds } from "../../src/crds/project-crds.js";
import { federatedKinds } from "../../src/federation/kinds.js";
import { glooKinds } from "../../src/gloo/kinds.js";

describe("deploy/crds", () => {
  it("matches the generator (run `npm run gen:crds` after changing a kinds table)", () => {
    expect(staleCrdFiles(), `stale files in ${CRDS_DIR}`).toEqual([]);
  });

  it("holds a CRD for every federated kind, Gloo kind, KubernetesCluster and GlooInstance", () => {
    const names = readCrdFiles().map(crdName).sort();
    const expected = [...federatedKinds.map((k) => k.type), ...Object.values(glooKinds), kubernetesClusterType, glooInstanceType]
      .map((type) => `${type.plural}.${type.group}`)
      .sort();
    expect(names).toEqual(expected);
    expect(projectCrds().map(crdName).sort()).toEqual(expected);
  });

  it("gives federated kinds a STATE printer column from the placement status", () => {
    const upstream = readCrdFiles().find((crd) => crdName(crd) === "federatedupstreams.fed.gloo.solo.io");
    const version = (upstream?.spec as { versions: { additionalPrinterColumns: { name: string; jsonPath: string }[] }[] }).versions[0];
    expect(version.additionalPrinterColumns).toContainEqual(
      expect.objectContaining({ name: "State", jsonPath: ".status.placementStatus.state" }),
    );
  });
});

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { parse } from "yaml";
import { ControlPlaneAssetsError, ensureAssets } from "../../src/controlplane/assets.js";
import { defaultClusterNames, startControlPlanes } from "../../src/controlplane/harness.js";
import { PROVIDE_KEY, type SharedControlPlane, type SharedControlPlanes } from "./controlplanes.js";

const COUNT = 3;
const log = (line: string): void => {
  process.stderr.write(`[control planes] ${line}\n`);
};

/**
 * globalSetup of the "kube" vitest project: vitest calls it only when a file of that project is in the run, so unit
 * runs never start (or build) control planes.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  let assets;
  try {
    assets = await ensureAssets(log);
  } catch (error) {
    // Without Go (or the module proxy) the suites cannot run; outside CI that is a loud skip, in CI a failure.
    if (error instanceof ControlPlaneAssetsError && error.code !== "ENV_ASSET_MISSING" && process.env.CI !== "true") {
      process.stderr.write(`\n!!! SKIPPING the Kubernetes (kube) test suites: ${error.message.replace(/\s+/g, " ")}\n\n`);
      project.provide(PROVIDE_KEY, { unavailable: error.message });
      return undefined;
    }
    throw error;
  }

  const reuse = process.env.FEDPLANE_TEST_CLUSTERS;
  if (reuse) {
    project.provide(PROVIDE_KEY, fromKubeconfigs(resolve(reuse), assets.kubectl));
    return undefined;
  }

  const planes = await startControlPlanes({ count: COUNT, assets, log });
  const shared = (plane: (typeof planes.planes)[number]): SharedControlPlane => ({
    name: plane.name,
    kubeconfigPath: plane.kubeconfigPath,
    server: plane.server,
  });
  project.provide(PROVIDE_KEY, {
    admin: shared(planes.admin),
    workloads: planes.workloads.map(shared),
    all: planes.planes.map(shared),
    version: planes.admin.version,
    kubectl: assets.kubectl,
  });
  return () => planes.stop();
}

function fromKubeconfigs(dir: string, kubectl: string): SharedControlPlanes {
  const all = defaultClusterNames(COUNT).map((name): SharedControlPlane => {
    const kubeconfigPath = join(dir, `${name}.kubeconfig`);
    if (!existsSync(kubeconfigPath)) {
      throw new Error(`FEDPLANE_TEST_CLUSTERS=${dir}: ${kubeconfigPath} is missing; run \`npm run clusters -- up --dir ${dir}\` first`);
    }
    const config = parse(readFileSync(kubeconfigPath, "utf8")) as { clusters: { cluster: { server: string } }[] };
    return { name, kubeconfigPath, server: config.clusters[0].cluster.server };
  });
  log(`reusing running clusters from ${dir} (FEDPLANE_TEST_CLUSTERS)`);
  // Asking each one also proves they still run, before any test depends on them.
  const versions = all.map((plane) => {
    const output = execFileSync(kubectl, ["--kubeconfig", plane.kubeconfigPath, "version", "-o", "json"], { encoding: "utf8" });
    return (JSON.parse(output) as { serverVersion: { gitVersion: string } }).serverVersion.gitVersion;
  });
  return { admin: all[0], workloads: all.slice(1), all, version: versions[0], kubectl };
}

import { describe, inject } from "vitest";

/**
 * Real Kubernetes control planes shared by the "kube" vitest project: an admin cluster and two workload clusters,
 * started once per `vitest run` by test/support/controlplanes.global.ts, stopped when the run ends.
 *
 * A test file gets them when it is in the "kube" project: put it under test/integration/ or name it `*.kube.test.ts`
 * (see vitest.config.ts). Everything else runs in the "unit" project and never pays for control planes.
 *
 *   import { describeWithControlPlanes } from "../support/controlplanes.js";
 *   describeWithControlPlanes("placement", (planes) => {
 *     it("...", async () => { new KubeConfig().loadFromFile(planes.admin.kubeconfigPath); ... });
 *   });
 *
 * The clusters are shared by every kube test file of the run, and files may run in parallel: create your own
 * namespaces (unique names) and clean up what you create. No kube-controller-manager runs: namespaces being deleted
 * stay Terminating, garbage collection and ServiceAccount token Secrets do not happen (use the TokenRequest API).
 *
 * Set FEDPLANE_TEST_CLUSTERS=<dir> to reuse clusters from `npm run clusters -- up --dir <dir>` instead of starting
 * new ones (a fast edit-run loop).
 */
export interface SharedControlPlane {
  readonly name: string;
  /** Admin kubeconfig (client certificate, O=system:masters); its context and cluster are both named `name`. */
  readonly kubeconfigPath: string;
  /** https://127.0.0.1:<port> */
  readonly server: string;
}

export interface SharedControlPlanes {
  readonly admin: SharedControlPlane;
  readonly workloads: readonly SharedControlPlane[];
  readonly all: readonly SharedControlPlane[];
  /** kube-apiserver version, e.g. "v1.34.4". */
  readonly version: string;
  /** The kubectl built alongside, matching `version`. */
  readonly kubectl: string;
}

export type ProvidedControlPlanes = SharedControlPlanes | { readonly unavailable: string };

declare module "vitest" {
  export interface ProvidedContext {
    fedplaneControlPlanes: ProvidedControlPlanes;
  }
}

export const PROVIDE_KEY = "fedplaneControlPlanes";

/** The shared control planes, or undefined when binaries could not be had outside CI (the suite should skip). */
export function sharedControlPlanes(): SharedControlPlanes | undefined {
  const provided = inject(PROVIDE_KEY);
  if (!provided) {
    throw new Error(
      "shared control planes are only started for the vitest project 'kube': put this file under test/integration/ " +
        "or name it *.kube.test.ts",
    );
  }
  return "unavailable" in provided ? undefined : provided;
}

/** describe() with the shared control planes; skipped (globalSetup said why, once) when they cannot be had. */
export function describeWithControlPlanes(name: string, body: (planes: SharedControlPlanes) => void): void {
  const planes = sharedControlPlanes();
  if (planes) describe(name, () => body(planes));
  else describe.skip(name, () => {});
}

import { startControlPlanes, type ControlPlanes } from "../../src/controlplane/harness.js";
import type { CaseContext } from "./case.js";

/**
 * An admin control plane and `workloads` workload ones, started by the harness (binaries from the cache, built on
 * first use by `npm run controlplane:build`), stopped when the case ends. Records how long they took to start.
 */
export async function controlPlanes(ctx: CaseContext, workloads: number): Promise<ControlPlanes> {
  const started = Date.now();
  const planes = await startControlPlanes({ count: 1 + workloads, log: (line) => ctx.progress(line) });
  ctx.defer(() => planes.stop());
  const each = planes.planes.map((p) => `${p.name} ${(p.startupMs / 1000).toFixed(1)} s`).join(", ");
  ctx.fact("control planes", `${planes.planes.length} (${planes.admin.version}) started in ${((Date.now() - started) / 1000).toFixed(1)} s: ${each}`);
  return planes;
}

import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFedplane, type Fedplane, type FedplaneOptions } from "../../src/app/fedplane.js";
import { createLogger, silentLogger } from "../../src/app/logger.js";
import type { ClusterClient } from "../../src/cluster/client.js";
import { ensureNamespace } from "../../src/cluster/namespaces.js";
import { isUsable } from "../../src/clusters/registry.js";
import { writeRegistration } from "../../src/clusters/registration.js";
import type { ControlPlane } from "../../src/controlplane/harness.js";
import { FEDERATION_NAMESPACE } from "../../src/federation/kinds.js";
import type { CaseContext } from "./case.js";
import { until } from "./clock.js";

/**
 * fedplane as `fedplane serve` runs it (the composition root: backend, registry, reconciler, health, GraphQL server on
 * a free loopback port), stopped when the case ends. FEDPLANE_BENCH_LOG=info shows its log.
 */
export async function startFedplane(ctx: CaseContext, options: FedplaneOptions): Promise<Fedplane> {
  const level = process.env.FEDPLANE_BENCH_LOG;
  // The load generators authenticate like any client: a static token in system:masters, whatever the backend (with a
  // real admin cluster there is no embedded admin token), so authorization costs what it costs an administrator.
  const dir = mkdtempSync(join(tmpdir(), "fedplane-bench-tokens-"));
  const token = randomBytes(24).toString("base64url");
  writeFileSync(join(dir, "tokens.csv"), `${token},bench-admin,bench-admin-uid,"system:masters"\n`, { mode: 0o600 });
  ctx.defer(() => rmSync(dir, { recursive: true, force: true }));
  const app = await createFedplane({
    port: 0,
    logger: level ? createLogger({ level: level as never, format: "text" }) : silentLogger,
    tokenAuthFile: join(dir, "tokens.csv"),
    ...options,
  });
  tokens.set(app, token);
  ctx.defer(() => app.stop());
  return app;
}

const tokens = new WeakMap<Fedplane, string>();

/** `Authorization: Bearer ...` of the benchmark's administrator, for HTTP requests and graphql-ws connection_init. */
export function authHeaders(app: Fedplane): Record<string, string> {
  const token = tokens.get(app);
  if (!token) throw new Error("authHeaders: this fedplane was not started by startFedplane");
  return { authorization: `Bearer ${token}` };
}

/**
 * Registers control planes as member clusters (the admin half of `glooctl cluster register`: kubeconfig Secret +
 * KubernetesCluster), with their admin kubeconfigs: the direct-write baselines use the same credentials.
 */
export async function registerControlPlanes(admin: ClusterClient, planes: readonly ControlPlane[], namespace = FEDERATION_NAMESPACE): Promise<void> {
  await ensureNamespace(admin, namespace);
  for (const plane of planes) {
    await writeRegistration(admin, { cluster: plane.name, federationNamespace: namespace, kubeconfig: readFileSync(plane.kubeconfigPath, "utf8") });
  }
}

/** Waits until fedplane's registry has every named cluster with a client and, once probed, reachable. */
export async function clustersReady(app: Fedplane, names: readonly string[], timeoutMs = 120_000): Promise<void> {
  const registry = app.services.clusters;
  await until(
    `clusters ${names.length > 3 ? `${names.slice(0, 3).join(", ")}, ...` : names.join(", ")} to be registered in fedplane`,
    () => names.every((n) => {
      const c = registry.get(n);
      return c !== undefined && isUsable(c) && c.connection.ready;
    }),
    timeoutMs,
    20,
  );
}

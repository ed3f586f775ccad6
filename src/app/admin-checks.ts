import type { FederationService } from "../federation/service.js";
import type { StatusWriters } from "../federation/status-writers.js";
import type { CheckItem } from "../health/types.js";
import type { Logger } from "./logger.js";

/** `fedplane check`'s item for the admin cluster: federated kinds whose CRD it does not serve. */
export function federatedCrdsItem(federation: FederationService): CheckItem {
  const missing = federation.missingKinds();
  return {
    key: "federated-crds",
    title: "Federated CRDs",
    total: missing.length,
    errors: [],
    warnings: missing.map(({ kind, crd }) => ({
      ref: { kind: "CustomResourceDefinition", name: crd },
      message: `CRD ${crd} is not installed on the admin cluster: ${kind} resources cannot be used (kubectl apply -f deploy/crds/)`,
    })),
  };
}

/** `fedplane check`'s item for the admin cluster: federated objects whose placement status another controller rewrites. */
export function statusWritersItem(writers: StatusWriters): CheckItem {
  const foreign = writers.list();
  return {
    key: "status-writers",
    title: "Placement status writers",
    total: foreign.length,
    errors: foreign.map((f) => ({
      ref: { kind: f.kind, namespace: f.namespace, name: f.name },
      message: `placement status rewritten by ${f.writer} (${f.writes} times, last ${f.lastSeen.toISOString()}): another controller, e.g. Gloo Federation, still runs; stop it`,
    })),
    warnings: [],
  };
}

/**
 * Logs each federated kind whose CRD the admin cluster lacks, one line each, now and whenever that changes (a CRD
 * installed later is picked up without a restart). Returns the stop function of the periodic look.
 */
export function watchMissingCrds(federation: FederationService, logger: Logger, intervalMs = 5_000): () => void {
  let known = new Set<string>();
  const look = () => {
    const now = federation.missingKinds();
    const names = new Set(now.map((m) => m.crd));
    for (const { kind, crd } of now) {
      if (!known.has(crd)) logger.warn(`CRD ${crd} is not installed on the admin cluster: ${kind} resources are not served until it is (kubectl apply -f deploy/crds/)`, { kind, crd });
    }
    for (const crd of known) if (!names.has(crd)) logger.info(`CRD ${crd} is installed now: its resources are served and reconciled`, { crd });
    known = names;
  };
  look();
  const timer = setInterval(look, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

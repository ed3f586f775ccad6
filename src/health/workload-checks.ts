import type { KubeObject } from "../cluster/object.js";
import type { Finding } from "./types.js";

/** Restarts at or above this count (without a crash loop) are a warning: the pod runs, but something keeps killing it. */
export const RESTART_WARNING_THRESHOLD = 3;

export interface Findings {
  errors: Finding[];
  warnings: Finding[];
}

const suffix = (message: unknown) => (typeof message === "string" && message ? ` Message: ${message}` : "");

interface Condition {
  type: string;
  status?: string;
  reason?: string;
  message?: string;
}

const conditionOf = (obj: KubeObject, type: string): Condition | undefined =>
  (obj.status?.conditions as Condition[] | undefined)?.find((c) => c.type === type);

/** glooctl's deployment checks (failed to create pods, not progressing, not available) plus ready replicas. */
export function checkDeployment(dep: KubeObject): Findings {
  const ref = { kind: "Deployment", namespace: dep.metadata.namespace, name: dep.metadata.name };
  const where = `Deployment ${dep.metadata.name} in namespace ${dep.metadata.namespace}`;
  const errors: Finding[] = [];
  const failure = conditionOf(dep, "ReplicaFailure");
  if (failure?.status === "True") errors.push({ ref, message: `${where} failed to create pods!${suffix(failure.message)}` });
  const progressing = conditionOf(dep, "Progressing");
  if (progressing && progressing.status !== "True") {
    errors.push({ ref, message: `${where} is not progressing!${suffix(progressing.message)}` });
  }
  const available = conditionOf(dep, "Available");
  if (available && available.status !== "True") {
    errors.push({ ref, message: `${where} is not available!${suffix(available.message)}` });
  }
  const desired = typeof dep.spec?.replicas === "number" ? dep.spec.replicas : 1;
  const ready = Number(dep.status?.readyReplicas ?? 0);
  if (errors.length === 0 && ready < desired) {
    errors.push({ ref, message: `${where} has ${ready}/${desired} ready replicas` });
  }
  return { errors, warnings: [] };
}

interface ContainerStatus {
  name: string;
  restartCount?: number;
  state?: { waiting?: { reason?: string; message?: string } };
  lastState?: { terminated?: { reason?: string; exitCode?: number } };
}

const podConditions: readonly [type: string, describe: (where: string, pod: string, ns: string) => string][] = [
  ["PodScheduled", (w) => `${w} is not yet scheduled!`],
  ["Initialized", (w) => `${w} is not yet initialized!`],
  ["ContainersReady", (_w, pod, ns) => `Not all containers in pod ${pod} in namespace ${ns} are ready!`],
  ["Ready", (w) => `${w} is not ready!`],
];

/** glooctl's pod condition checks, made specific for crash loops and repeated restarts. */
export function checkPod(pod: KubeObject): Findings {
  const { name, namespace = "" } = pod.metadata;
  const ref = { kind: "Pod", namespace, name };
  const where = `Pod ${name} in namespace ${namespace}`;
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  if (pod.status?.phase === "Succeeded") return { errors, warnings };
  const containers = (pod.status?.containerStatuses ?? []) as ContainerStatus[];
  for (const c of containers) {
    const restarts = c.restartCount ?? 0;
    const last = c.lastState?.terminated;
    const lastExit = last ? ` (last exit: ${last.reason ?? "Error"}, code ${last.exitCode ?? "?"})` : "";
    if (c.state?.waiting?.reason === "CrashLoopBackOff") {
      errors.push({ ref, message: `${where} is in CrashLoopBackOff: container ${c.name} restarted ${restarts} times${lastExit}` });
    } else if (restarts >= RESTART_WARNING_THRESHOLD) {
      warnings.push({ ref, message: `${where}: container ${c.name} has restarted ${restarts} times${lastExit}` });
    }
  }
  if (pod.status?.phase === "Failed") {
    errors.push({ ref, message: `${where} has failed!${suffix(pod.status?.message)}` });
  }
  // A crash loop already explains why the pod is not ready; repeating it per condition is noise.
  if (errors.length === 0) {
    for (const [type, describe] of podConditions) {
      const cond = conditionOf(pod, type);
      if (cond && cond.status !== "True" && cond.reason !== "PodCompleted") {
        errors.push({ ref, message: `${describe(where, name, namespace)}${suffix(cond.message)}` });
      }
    }
  }
  return { errors, warnings };
}

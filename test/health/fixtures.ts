import type { KubeObject } from "../../src/cluster/object.js";
import { apiVersionOf, type ResourceType } from "../../src/cluster/resource-type.js";
import { glooInstallation } from "../../src/health/simulator/installation.js";
import { StaticView } from "./static-view.js";

export function glooObject(type: ResourceType, namespace: string, name: string, spec: unknown, status?: unknown): KubeObject {
  return { apiVersion: apiVersionOf(type), kind: type.kind, metadata: { name, namespace }, spec, ...(status ? { status } : {}) };
}

export const accepted = (reporter = "gloo-system") => ({ statuses: { [reporter]: { state: "Accepted", reportedBy: "gloo" } } });
export const rejected = (reason: string, reporter = "gloo-system") => ({ statuses: { [reporter]: { state: "Rejected", reason, reportedBy: "gloo" } } });

/** A cluster with a healthy Gloo in gloo-system, as the simulator installs it (Settings without status). */
export const healthyCluster = (name = "east") => new StaticView(glooInstallation(name));

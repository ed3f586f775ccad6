import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { REPO_ROOT } from "../../src/controlplane/assets.js";
import type { KubeObject } from "../../src/cluster/object.js";

export const CHART_DIR = join(REPO_ROOT, "deploy", "helm", "fedplane");

/** `helm template` of the chart with --set values, as the objects it renders. */
export function renderChart(helm: string, release: string, namespace: string, values: Record<string, string> = {}, extra: string[] = []): KubeObject[] {
  const sets = Object.entries(values).flatMap(([k, v]) => ["--set", `${k}=${v}`]);
  const text = execFileSync(helm, ["template", release, CHART_DIR, "--namespace", namespace, ...sets, ...extra], { encoding: "utf8" });
  return parseAllDocuments(text)
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => !!o);
}

export const ofKind = (objects: KubeObject[], kind: string): KubeObject[] => objects.filter((o) => o.kind === kind);

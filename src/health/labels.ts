import type { KubeObject } from "../cluster/object.js";
import { matches, type LabelSelector } from "../cluster/selector.js";

/** A Service-style selector (a plain map): an empty or missing one selects nothing, as for Services. */
export function serviceSelects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  return !!selector && Object.keys(selector).length > 0 && matches({ matchLabels: selector }, labels);
}

/** The pods a Deployment manages, by its spec.selector. A broken selector selects nothing. */
export function podsOf(deployment: KubeObject, pods: readonly KubeObject[]): KubeObject[] {
  const selector = deployment.spec?.selector as LabelSelector | undefined;
  if (!selector || (!selector.matchLabels && !selector.matchExpressions)) return [];
  try {
    return pods.filter((p) => p.metadata.namespace === deployment.metadata.namespace && matches(selector, p.metadata.labels));
  } catch {
    return [];
  }
}

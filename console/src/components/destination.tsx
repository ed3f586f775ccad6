import { useQuery } from "../api/use-query";
import { ConsoleResourceDetailDocument } from "../generated/graphql";
import { resourceHref } from "../router";
import { cellState } from "../state/cells";
import type { Resource } from "../state/fleet";
import { StateBadge } from "./badges";
import { Yaml, YamlDiff } from "./yaml";

type Template = { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown } | null | undefined;

/**
 * One cell of the matrix opened: each destination (namespace) of the resource in the cluster with fedplane's message,
 * Gloo's verdict, the object as the cluster holds it and how it differs from the template (overrides, or drift).
 */
export function DestinationPanel({ resource, cluster, onClose }: { resource: Resource; cluster: string; onClose(): void }) {
  const detail = useQuery(ConsoleResourceDetailDocument, { kind: resource.kind, namespace: resource.namespace, name: resource.name });
  const namespaces = resource.destinations.get(cluster);
  const fr = detail.data?.federatedResource;
  const template = fr?.spec.template as Template;
  return (
    <aside class="drawer" data-testid="destination">
      <header>
        <h3>
          {resource.kindName} {resource.namespace}/{resource.name} in {cluster}
        </h3>
        <button class="link" onClick={onClose} aria-label="close">
          ✕
        </button>
      </header>
      <a href={resourceHref(resource.kind, resource.namespace, resource.name)}>Open the resource</a>
      {!namespaces && <p class="muted">Not placed in this cluster.</p>}
      {[...(namespaces ?? [])].map(([ns, d]) => {
        const placed = fr?.placedObjects.find((o) => o.cluster === cluster && o.namespace === ns);
        return (
          <section key={ns} class="dest" data-namespace={ns}>
            <h4>
              namespace {ns} <StateBadge state={cellState(d.state, d.gloo)} />
            </h4>
            <dl>
              <dt>Placement</dt>
              <dd>
                {d.state}
                {d.message ? `: ${d.message}` : ""}
              </dd>
              <dt>Gloo</dt>
              <dd data-testid="gloo-verdict">
                {d.gloo ?? "not read yet"}
                {d.reporter ? ` (reported by ${d.reporter})` : ""}
                {d.glooReason ? `: ${d.glooReason}` : ""}
              </dd>
            </dl>
            {detail.error && <p class="error">{detail.error}</p>}
            {fr &&
              (placed ? (
                <>
                  <h5>Difference from the template (spec and labels)</h5>
                  <YamlDiff
                    testid="template-diff"
                    from={{ labels: template?.metadata?.labels ?? {}, spec: template?.spec }}
                    to={{ labels: withoutOwnership(placed.labels), spec: placed.spec }}
                  />
                  <h5>Placed object</h5>
                  <Yaml value={{ kind: placed.kind, metadata: { name: placed.name, namespace: ns, labels: placed.labels }, spec: placed.spec }} />
                  <h5>Gloo's status</h5>
                  <Yaml value={placed.status} testid="gloo-status" />
                </>
              ) : (
                <p class="muted">The object is not in the cluster (or the cluster cannot be read).</p>
              ))}
          </section>
        );
      })}
    </aside>
  );
}

/** The labels fedplane adds to what it places are not a difference from the template. */
function withoutOwnership(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => k !== "fed.solo.io/owner"));
}

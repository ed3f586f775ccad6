import { useEffect, useMemo } from "preact/hooks";
import { useQuery } from "../api/use-query";
import { Labels, Ready, StateBadge } from "../components/badges";
import { VirtualRows } from "../components/virtual-rows";
import { ConsoleGlooInstancesDocument, type ConsoleGlooInstancesQuery } from "../generated/graphql";
import { href } from "../router";
import { CELL_ORDER, cellState, type CellState } from "../state/cells";
import { useFleet } from "../state/use-fleet";

type Instance = ConsoleGlooInstancesQuery["glooInstances"][number];

export function Overview() {
  const fleet = useFleet();
  const instances = useQuery(ConsoleGlooInstancesDocument, {});
  useEffect(() => {
    const t = setTimeout(instances.refetch, 500);
    return () => clearTimeout(t);
  }, [fleet.healthVersion]);

  const clusters = useMemo(() => [...fleet.clusters.values()].sort((a, b) => a.name.localeCompare(b.name)), [fleet.version]);
  const byCluster = useMemo(() => {
    const out = new Map<string, Instance[]>();
    for (const i of instances.data?.glooInstances ?? []) out.set(i.cluster, [...(out.get(i.cluster) ?? []), i]);
    return out;
  }, [instances.data]);
  const counts = useMemo(() => {
    const out = new Map<CellState, number>();
    let total = 0;
    for (const r of fleet.resources.values()) {
      for (const namespaces of r.destinations.values()) {
        for (const d of namespaces.values()) {
          const s = cellState(d.state, d.gloo);
          out.set(s, (out.get(s) ?? 0) + 1);
          total++;
        }
      }
    }
    return { out, total };
  }, [fleet.version]);
  const ready = clusters.filter((c) => c.ready).length;
  const unhealthy = clusters.filter((c) => fleet.clusterHealth.get(c.name)?.ok === false).length;

  return (
    <section class="overview">
      <div class="cards">
        <div class="card" data-testid="clusters-card">
          <div class="big">
            {ready}/{clusters.length}
          </div>
          clusters ready
        </div>
        <a class="card" href={href("health")} data-testid="health-card">
          <div class={`big ${unhealthy ? "bad-text" : ""}`}>{unhealthy}</div>
          clusters with problems
        </a>
        <a class="card" href={href("matrix")}>
          <div class="big">{fleet.resources.size}</div>
          federated resources
        </a>
        <div class="card wide" data-testid="destination-counts">
          <div class="card-title">{counts.total} destinations</div>
          <div class="counts">
            {CELL_ORDER.filter((s) => counts.out.get(s)).map((s) => (
              <a key={s} href={`${href("matrix")}?state=${s}`} class="count" data-state={s}>
                <StateBadge state={s} /> <b>{counts.out.get(s)}</b>
              </a>
            ))}
            {counts.total === 0 && <span class="muted">Nothing placed yet: apply a federated resource (Apply).</span>}
          </div>
        </div>
      </div>
      {fleet.errors.length > 0 && <p class="error">{fleet.errors[fleet.errors.length - 1]}</p>}
      <h2>Clusters</h2>
      <VirtualRows
        items={clusters}
        rowHeight={44}
        maxHeight={640}
        header={
          <div class="thead cluster-row">
            <span>Cluster</span>
            <span>State</span>
            <span>Kubernetes</span>
            <span>Labels</span>
            <span>Gloo instances</span>
            <span>Health</span>
          </div>
        }
        row={(c) => {
          const health = fleet.clusterHealth.get(c.name);
          const gloo = byCluster.get(c.name) ?? [];
          return (
            <div class="cluster-row" data-cluster={c.name}>
              <span class="name">
                {c.name}
                {c.local && <span class="muted"> (admin)</span>}
              </span>
              <span>
                <Ready ready={c.ready} title={c.lastError} />
              </span>
              <span>{c.kubernetesVersion ?? "–"}</span>
              <span>
                <Labels labels={c.labels} />
              </span>
              <span class="instances">
                {gloo.length === 0 && <span class="muted">none found</span>}
                {gloo.map((i) => {
                  const errors = i.check.reduce((n, k) => n + k.errorCount, 0);
                  const warnings = i.check.reduce((n, k) => n + k.warningCount, 0);
                  const readyProxies = i.proxies.filter((p) => p.readyReplicas >= p.replicas && p.replicas > 0).length;
                  return (
                    <span key={i.name} class={`instance ${errors ? "bad" : warnings ? "warn" : "ok"}`} title={`${i.installNamespace}: ${errors} errors, ${warnings} warnings`}>
                      {i.installNamespace} {i.version}
                      {i.isEnterprise ? " EE" : ""} · proxies {readyProxies}/{i.proxies.length}
                    </span>
                  );
                })}
              </span>
              <span>
                {!health ? (
                  <span class="muted">checking…</span>
                ) : health.ok ? (
                  <span class="badge ok">OK</span>
                ) : (
                  <a href={href("health")} class={`badge ${health.errorCount ? "bad" : "warn"}`}>
                    {health.errorCount} errors, {health.warningCount} warnings
                  </a>
                )}
              </span>
            </div>
          );
        }}
      />
    </section>
  );
}

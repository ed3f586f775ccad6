import { useEffect, useMemo, useState } from "preact/hooks";
import { useQuery } from "../api/use-query";
import { ConsoleCheckDocument, type ConsoleCheckItemFragment, type ConsoleCheckQuery } from "../generated/graphql";
import { useFleet } from "../state/use-fleet";

/** glooctl check for every cluster, problems first; each cluster's items and instances in glooctl's order. */
export function Health() {
  const fleet = useFleet();
  const check = useQuery(ConsoleCheckDocument, {});
  useEffect(() => {
    const t = setTimeout(check.refetch, 300);
    return () => clearTimeout(t);
  }, [fleet.healthVersion]);
  const report = check.data?.check;
  const clusters = useMemo(
    () => [...(report?.clusters ?? [])].sort((a, b) => b.errorCount - a.errorCount || b.warningCount - a.warningCount || a.cluster.localeCompare(b.cluster)),
    [report],
  );
  return (
    <section class="health">
      <h2>
        Health{" "}
        {report && (
          <span class={`badge ${report.ok ? "ok" : report.errorCount ? "bad" : "warn"}`} data-testid="health-summary">
            {report.ok ? "all OK" : `${report.errorCount} errors, ${report.warningCount} warnings`}
          </span>
        )}
      </h2>
      {check.error && <p class="error">{check.error}</p>}
      {clusters.map((c) => (
        <ClusterCheckView key={c.cluster} check={c} />
      ))}
    </section>
  );
}

/** One cluster's check; its items are rendered only while open (1,000 healthy clusters are 1,000 closed lines). */
function ClusterCheckView({ check: c }: { check: ConsoleCheckQuery["check"]["clusters"][number] }) {
  const [open, setOpen] = useState(!c.ok);
  return (
    <details class={`check-cluster ${c.ok ? "ok" : "problem"}`} open={open} data-cluster={c.cluster} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <b>{c.cluster}</b> {c.ok ? <span class="badge ok">OK</span> : <span class="badge bad">{c.errorCount} errors, {c.warningCount} warnings</span>}
      </summary>
      {open && (
        <>
          <Items items={c.items} />
          {c.instances.map((i) => (
            <div key={i.name} class="instance-check">
              <h4>
                Gloo {i.name} {i.ok ? <span class="badge ok">OK</span> : <span class="badge bad">problems</span>}
              </h4>
              <Items items={i.items} />
            </div>
          ))}
        </>
      )}
    </details>
  );
}

function Items({ items }: { items: readonly ConsoleCheckItemFragment[] }) {
  return (
    <ul class="check-items">
      {items.map((item) => (
        <li key={item.key} class={item.errors.length ? "bad" : item.warnings.length ? "warn" : "ok"}>
          Checking {item.name}... {item.skipped ? `Skipped (${item.skipped})` : item.ok ? "OK" : item.errors.length ? "ERROR" : "WARNING"}
          {[...item.errors.map((f) => ["error", f] as const), ...item.warnings.map((f) => ["warning", f] as const)].map(([sev, f], i) => (
            <div key={i} class={`finding ${sev}`}>
              {f.ref.kind} {f.ref.namespace ? `${f.ref.namespace}/` : ""}
              {f.ref.name}: {f.message}
            </div>
          ))}
        </li>
      ))}
    </ul>
  );
}

import { useMemo, useState } from "preact/hooks";
import { DestinationPanel } from "../components/destination";
import { useViewport, visibleRange } from "../components/virtual";
import { resourceHref, setParams } from "../router";
import { CELL_ORDER, CELL_STATES, type CellState } from "../state/cells";
import { parseSelector } from "../state/selector";
import { useFleet } from "../state/use-fleet";

const CELL = 26;
const ROW_HEAD = 320;
const COL_HEAD = 120;

/** Federated resources x clusters, one cell per destination, coloured by placement state and Gloo's verdict. */
export function Matrix({ params }: { params: URLSearchParams }) {
  const fleet = useFleet();
  const kind = params.get("kind") ?? "";
  const namespace = params.get("namespace") ?? "";
  const labels = params.get("labels") ?? "";
  const state = (params.get("state") ?? "") as CellState | "";
  const search = params.get("q") ?? "";
  const [open, setOpen] = useState<{ resource: string; cluster: string }>();
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  const selector = useMemo(() => parseSelector(labels), [labels]);
  const all = useMemo(() => [...fleet.resources.values()].sort((a, b) => a.kindName.localeCompare(b.kindName) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name)), [fleet.version]);
  const kinds = useMemo(() => [...new Set(all.map((r) => r.kindName))].sort(), [all]);
  const namespaces = useMemo(() => [...new Set(all.map((r) => r.namespace))].sort(), [all]);
  const clusters = useMemo(
    () => [...fleet.clusters.values()].filter((c) => !selector || selector(c.labels)).map((c) => c.name).sort(),
    [fleet.version, selector],
  );
  const rows = useMemo(
    () =>
      all.filter(
        (r) =>
          (!kind || r.kindName === kind) &&
          (!namespace || r.namespace === namespace) &&
          (!search || r.name.includes(search)) &&
          (!state || clusters.some((c) => fleet.cell(r, c) === state)),
      ),
    [all, kind, namespace, search, state, clusters, fleet.version],
  );

  const [ref, vp] = useViewport<HTMLDivElement>();
  const [r0, r1] = visibleRange(vp.top, vp.height - COL_HEAD, CELL, rows.length);
  const [c0, c1] = visibleRange(vp.left, vp.width - ROW_HEAD, CELL, clusters.length);
  const opened = open && fleet.resources.get(open.resource);

  return (
    <section class="matrix-view">
      <div class="filters">
        <label>
          Kind
          <select name="kind" value={kind} onChange={(e) => set("kind", e.currentTarget.value)}>
            <option value="">all</option>
            {kinds.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Namespace
          <select name="namespace" value={namespace} onChange={(e) => set("namespace", e.currentTarget.value)}>
            <option value="">all</option>
            {namespaces.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <label>
          Cluster labels
          <input name="labels" placeholder="env=prod,region" value={labels} onChange={(e) => set("labels", e.currentTarget.value)} class={selector ? "" : "invalid"} />
        </label>
        <label>
          State
          <select name="state" value={state} onChange={(e) => set("state", e.currentTarget.value)}>
            <option value="">any</option>
            {CELL_ORDER.map((s) => (
              <option key={s} value={s}>
                {CELL_STATES[s].label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Name
          <input name="q" placeholder="contains" value={search} onInput={(e) => set("q", e.currentTarget.value)} />
        </label>
        <span class="muted" data-testid="matrix-size">
          {rows.length} of {all.length} resources × {clusters.length} clusters
        </span>
      </div>
      {!selector && <p class="error">Cluster labels: not a selector; write key=value, key!=value, key or !key, separated by commas.</p>}
      <div class="legend">
        {CELL_ORDER.map((s) => (
          <span key={s} class="legend-item">
            <span class={`cell-sample s-${s}`} /> {CELL_STATES[s].label}
          </span>
        ))}
        <span class="legend-item">
          <span class="cell-sample none" /> not placed there
        </span>
      </div>
      <div class="matrix-body">
        <div
          class="grid"
          ref={ref}
          data-testid="matrix"
          onClick={(e) => {
            const cell = (e.target as HTMLElement).closest<HTMLElement>("[data-cluster][data-resource]");
            if (cell) setOpen({ resource: cell.dataset.resource!, cluster: cell.dataset.cluster! });
          }}
        >
          <div style={{ width: `${ROW_HEAD + clusters.length * CELL}px`, height: `${COL_HEAD + rows.length * CELL}px`, position: "relative" }}>
            {rows.slice(r0, r1).map((r, i) => {
              const y = COL_HEAD + (r0 + i) * CELL;
              return clusters.slice(c0, c1).map((c, j) => {
                const s = fleet.cell(r, c);
                const faded = state && s !== state;
                return (
                  <div
                    key={`${r.key}|${c}`}
                    class={`cell ${s ? `s-${s}` : "none"}${faded ? " faded" : ""}${open?.resource === r.key && open.cluster === c ? " selected" : ""}`}
                    style={{ top: `${y}px`, left: `${ROW_HEAD + (c0 + j) * CELL}px` }}
                    data-resource={r.key}
                    data-cluster={c}
                    data-state={s ?? "none"}
                    title={`${r.name} in ${c}: ${s ? CELL_STATES[s].label : "not placed"}`}
                  />
                );
              });
            })}
            <div class="col-heads" style={{ top: `${vp.top}px`, height: `${COL_HEAD}px`, width: `${ROW_HEAD + clusters.length * CELL}px` }}>
              {clusters.slice(c0, c1).map((c, j) => (
                <div key={c} class="col-head" style={{ left: `${ROW_HEAD + (c0 + j) * CELL}px` }} title={c}>
                  <span>{c}</span>
                </div>
              ))}
            </div>
            {rows.slice(r0, r1).map((r, i) => (
              <a
                key={r.key}
                class="row-head"
                href={resourceHref(r.kind, r.namespace, r.name)}
                style={{ top: `${COL_HEAD + (r0 + i) * CELL}px`, left: `${vp.left}px`, width: `${ROW_HEAD}px` }}
                title={`${r.kindName} ${r.namespace}/${r.name}: ${r.state ?? "not processed yet"}${r.message ? ` (${r.message})` : ""}`}
              >
                <span class="kind">{r.kindName.replace(/^Federated/, "")}</span> {r.namespace}/{r.name}
                {r.deleting && <span class="muted"> deleting</span>}
              </a>
            ))}
            <div class="corner" style={{ top: `${vp.top}px`, left: `${vp.left}px`, width: `${ROW_HEAD}px`, height: `${COL_HEAD}px` }}>
              resource \ cluster
            </div>
          </div>
          {rows.length === 0 && <p class="empty">{all.length ? "No resource matches the filters." : "No federated resources yet: apply one (Apply)."}</p>}
        </div>
        {opened && open && <DestinationPanel resource={opened} cluster={open.cluster} onClose={() => setOpen(undefined)} />}
      </div>
    </section>
  );
}

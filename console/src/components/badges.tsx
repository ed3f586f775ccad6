import { CELL_STATES, type CellState } from "../state/cells";

export function Labels({ labels }: { labels: Record<string, string> }) {
  const entries = Object.entries(labels);
  if (!entries.length) return <span class="muted">no labels</span>;
  return (
    <span class="labels" title={entries.map(([k, v]) => `${k}=${v}`).join("\n")}>
      {entries.map(([k, v]) => (
        <span class="chip" key={k}>
          {k}={v}
        </span>
      ))}
    </span>
  );
}

export function StateBadge({ state }: { state: CellState }) {
  return <span class={`badge s-${state}`}>{CELL_STATES[state].label}</span>;
}

export function Ready({ ready, title }: { ready: boolean; title?: string | null }) {
  return (
    <span class={`badge ${ready ? "ok" : "bad"}`} title={title ?? undefined}>
      {ready ? "Ready" : "Not ready"}
    </span>
  );
}

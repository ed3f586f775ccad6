import { useEffect, useState } from "preact/hooks";
import { request } from "../api/client";
import { useQuery } from "../api/use-query";
import { StateBadge } from "../components/badges";
import { Yaml } from "../components/yaml";
import { ConsoleDeleteDocument, ConsoleResourceDetailDocument, type FederatedKind } from "../generated/graphql";
import { href } from "../router";
import { cellState } from "../state/cells";
import { resourceKey } from "../state/fleet";
import { useFleet } from "../state/use-fleet";

/** One federated resource: template, placement, overrides, live status per destination and what happened to it. */
export function ResourceDetail({ kind, namespace, name }: { kind: string; namespace: string; name: string }) {
  const fleet = useFleet();
  const key = resourceKey(kind, namespace, name);
  const live = fleet.resources.get(key);
  const detail = useQuery(ConsoleResourceDetailDocument, { kind: kind as FederatedKind, namespace, name });
  // The template and placed objects are read again when the resource's generation or placement moves on.
  useEffect(() => {
    const t = setTimeout(detail.refetch, 300);
    return () => clearTimeout(t);
  }, [live?.generation, live?.state, live?.deleting]);
  const fr = detail.data?.federatedResource;
  const timeline = fleet.timeline(key);

  if (!detail.loading && !fr && !live) {
    return (
      <section>
        <p class="empty">
          {kind} {namespace}/{name} does not exist (any more). <a href={href("matrix")}>Back to the matrix</a>
        </p>
      </section>
    );
  }
  const destinations = live ? [...live.destinations].flatMap(([cluster, nss]) => [...nss].map(([ns, d]) => ({ cluster, ns, d }))) : [];
  return (
    <section class="resource">
      <h2>
        {fr?.kind ?? live?.kindName ?? kind} {namespace}/{name}{" "}
        {live?.state && <span class={`badge p-${live.state}`}>{live.state}</span>}
        {live?.deleting && <span class="badge warn">deleting</span>}
      </h2>
      {live?.message && <p>{live.message}</p>}
      {detail.error && <p class="error">{detail.error}</p>}
      {fr && <DeleteButton kind={fr.kind} namespace={namespace} name={name} />}
      <div class="columns">
        <div>
          <h3>Destinations ({destinations.length})</h3>
          <table class="table" data-testid="destinations">
            <thead>
              <tr>
                <th>Cluster</th>
                <th>Namespace</th>
                <th>State</th>
                <th>Placement message</th>
                <th>Gloo</th>
              </tr>
            </thead>
            <tbody>
              {destinations.map(({ cluster, ns, d }) => (
                <tr key={`${cluster}/${ns}`} data-cluster={cluster} data-namespace={ns}>
                  <td>{cluster}</td>
                  <td>{ns}</td>
                  <td>
                    <StateBadge state={cellState(d.state, d.gloo)} />
                  </td>
                  <td>{d.message ?? ""}</td>
                  <td>
                    {d.gloo ?? "…"}
                    {d.glooReason ? `: ${d.glooReason}` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Events (since this page was opened)</h3>
          <ol class="timeline" data-testid="timeline">
            {[...timeline].reverse().map((e, i) => (
              <li key={i} class={e.tone}>
                <time>{e.at.toLocaleTimeString()}</time> {e.cluster && <b>{e.cluster}{e.namespace ? `/${e.namespace}` : ""}</b>} {e.text}
              </li>
            ))}
            {timeline.length === 0 && <li class="muted">No events yet.</li>}
          </ol>
        </div>
        <div>
          <h3>Template ({fr?.targetKind ?? live?.targetKind})</h3>
          <Yaml value={fr?.spec.template} testid="template" />
          <h3>Placement</h3>
          <Yaml value={fr?.spec.placement} />
          <h3>Overrides</h3>
          {fr?.spec.overrides.length ? <Yaml value={fr.spec.overrides} /> : <p class="muted">none</p>}
          <h3>Metadata</h3>
          <Yaml value={fr?.metadata} />
        </div>
      </div>
    </section>
  );
}

function DeleteButton({ kind, namespace, name }: { kind: FederatedKind; namespace: string; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string>();
  if (!confirming) {
    return (
      <button class="danger" onClick={() => setConfirming(true)}>
        Delete…
      </button>
    );
  }
  return (
    <form
      class="confirm"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await request(ConsoleDeleteDocument, { kind, namespace, name });
          setConfirming(false);
        } catch (err) {
          setError((err as Error).message);
        }
      }}
    >
      <p>
        Deleting removes what fedplane placed from every cluster. Type <b>{name}</b> to confirm.
      </p>
      <input name="confirm" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} autocomplete="off" />
      <button type="submit" class="danger" disabled={typed !== name}>
        Delete {name}
      </button>
      <button type="button" onClick={() => setConfirming(false)}>
        Cancel
      </button>
      {error && <p class="error">{error}</p>}
    </form>
  );
}

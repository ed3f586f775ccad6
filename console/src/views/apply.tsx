import { useState } from "preact/hooks";
import { request } from "../api/client";
import { YamlDiff } from "../components/yaml";
import { ConsoleApplyDocument, ConsolePlacedDocument, type ConsoleApplyMutation } from "../generated/graphql";
import { resourceHref } from "../router";

type Applied = ConsoleApplyMutation["applyManifest"]["resources"][number];

interface Change {
  cluster: string;
  namespace: string;
  action: "create" | "change" | "unchanged" | "remove";
  from?: unknown;
  to?: unknown;
}

interface Planned {
  applied: Applied;
  changes: Change[];
}

const comparable = (o: { labels?: Record<string, string> | null; spec?: unknown } | undefined) => (o ? { labels: o.labels ?? {}, spec: o.spec ?? null } : undefined);

/** What each destination of a dry run would see: created, changed (with a diff), unchanged, or removed. */
async function planChanges(applied: Applied): Promise<Change[]> {
  const current = applied.action === "WOULD_CREATE" ? [] : ((await request(ConsolePlacedDocument, { kind: applied.resource.kind, namespace: applied.namespace, name: applied.name })).federatedResource?.placedObjects ?? []);
  const at = (cluster: string, namespace: string) => current.find((o) => o.cluster === cluster && o.namespace === namespace);
  const changes: Change[] = (applied.plan?.destinations ?? []).map((d) => {
    const object = d.object as { metadata?: { labels?: Record<string, string> }; spec?: unknown };
    const to = comparable({ labels: object.metadata?.labels, spec: object.spec });
    const before = at(d.cluster, d.namespace);
    const from = comparable(before);
    const action = !before ? "create" : JSON.stringify(from) === JSON.stringify(to) ? "unchanged" : "change";
    return { cluster: d.cluster, namespace: d.namespace, action, from, to };
  });
  for (const o of current) {
    if (!changes.some((c) => c.cluster === o.cluster && c.namespace === o.namespace)) {
      changes.push({ cluster: o.cluster, namespace: o.namespace, action: "remove", from: comparable(o), to: undefined });
    }
  }
  return changes.sort((a, b) => a.cluster.localeCompare(b.cluster) || a.namespace.localeCompare(b.namespace));
}

/** Paste or upload manifests, see the dry-run plan per cluster and namespace, then apply. */
export function Apply() {
  const [manifest, setManifest] = useState("");
  const [plan, setPlan] = useState<{ manifest: string; resources: Planned[] }>();
  const [result, setResult] = useState<Applied[]>();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();

  const run = async (what: string, f: () => Promise<void>) => {
    setBusy(what);
    setError(undefined);
    try {
      await f();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(undefined);
    }
  };
  const dryRun = () =>
    run("Planning…", async () => {
      setResult(undefined);
      const { applyManifest } = await request(ConsoleApplyDocument, { manifest, dryRun: true });
      setPlan({ manifest, resources: await Promise.all(applyManifest.resources.map(async (applied) => ({ applied, changes: await planChanges(applied) }))) });
    });
  const apply = () =>
    run("Applying…", async () => {
      const { applyManifest } = await request(ConsoleApplyDocument, { manifest, dryRun: false });
      setResult(applyManifest.resources);
      setPlan(undefined);
    });

  return (
    <section class="apply">
      <h2>Apply federated resources</h2>
      <p class="muted">
        YAML or JSON, one or many documents (kubectl apply for federated kinds). A dry run shows what would be written where;
        nothing is written until you apply.
      </p>
      <textarea
        name="manifest"
        spellcheck={false}
        placeholder={"apiVersion: fed.gloo.solo.io/v1\nkind: FederatedUpstream\n..."}
        value={manifest}
        onInput={(e) => setManifest(e.currentTarget.value)}
      />
      <div class="actions">
        <label class="button">
          Upload files…
          <input
            type="file"
            multiple
            accept=".yaml,.yml,.json"
            onChange={async (e) => {
              const files = [...(e.currentTarget.files ?? [])];
              const texts = await Promise.all(files.map((f) => f.text()));
              setManifest(texts.map((t) => t.trim()).join("\n---\n"));
            }}
          />
        </label>
        <button onClick={dryRun} disabled={!manifest.trim() || !!busy}>
          Dry run
        </button>
        <button class="primary" onClick={apply} disabled={!plan || plan.manifest !== manifest || !!busy} title={plan ? "" : "dry run first"}>
          Apply
        </button>
        {busy && <span class="muted">{busy}</span>}
      </div>
      {error && <p class="error" data-testid="apply-error">{error}</p>}
      {plan && (
        <div data-testid="plan">
          <h3>Plan (dry run: nothing written yet)</h3>
          {plan.resources.map(({ applied, changes }) => (
            <div class="plan-resource" key={`${applied.kind}/${applied.namespace}/${applied.name}`}>
              <h4>
                <span class="badge info">{applied.action.replace("WOULD_", "will ").toLowerCase()}</span> {applied.resource.kind} {applied.namespace}/{applied.name}
              </h4>
              {applied.plan && !applied.plan.valid && <p class="error">Invalid placement: {applied.plan.message}</p>}
              {changes.length === 0 && <p class="muted">Placed nowhere: no registered cluster matches the placement.</p>}
              <table class="table plan-table">
                <tbody>
                  {changes.map((c) => (
                    <tr key={`${c.cluster}/${c.namespace}`} data-cluster={c.cluster} data-namespace={c.namespace} data-action={c.action}>
                      <td>{c.cluster}</td>
                      <td>{c.namespace}</td>
                      <td>
                        <span class={`badge a-${c.action}`}>{c.action}</span>
                      </td>
                      <td>
                        {c.action !== "unchanged" && (
                          <details open={c.action === "change"}>
                            <summary>diff</summary>
                            <YamlDiff from={c.from} to={c.to} />
                          </details>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </div>
      )}
      {result && (
        <div data-testid="applied">
          <h3>Applied</h3>
          <ul>
            {result.map((r) => (
              <li key={`${r.kind}/${r.namespace}/${r.name}`}>
                {r.action.toLowerCase()}: <a href={resourceHref(r.resource.kind, r.namespace, r.name)}>{r.resource.kind} {r.namespace}/{r.name}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

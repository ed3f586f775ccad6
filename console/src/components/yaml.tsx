import { diffLines } from "diff";
import { stringify } from "yaml";

export const toYaml = (value: unknown) => (value === undefined || value === null ? "" : stringify(value, { lineWidth: 0 }));

export function Yaml({ value, testid }: { value: unknown; testid?: string }) {
  return (
    <pre class="yaml" data-testid={testid}>
      {toYaml(value) || "–"}
    </pre>
  );
}

/** A line diff of two objects as YAML: `from` is what was expected (template, current), `to` what is (placed, planned). */
export function YamlDiff({ from, to, testid }: { from: unknown; to: unknown; testid?: string }) {
  const parts = diffLines(toYaml(from), toYaml(to));
  const same = parts.every((p) => !p.added && !p.removed);
  return (
    <pre class="yaml diff" data-testid={testid}>
      {same && <div class="muted"># no difference</div>}
      {parts.map((p, i) =>
        p.value
          .replace(/\n$/, "")
          .split("\n")
          .map((line, j) => (
            <div key={`${i}.${j}`} class={p.added ? "add" : p.removed ? "del" : "ctx"}>
              {p.added ? "+ " : p.removed ? "- " : "  "}
              {line}
            </div>
          )),
      )}
    </pre>
  );
}

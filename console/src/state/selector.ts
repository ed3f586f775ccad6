/**
 * A cluster label filter as kubectl writes selectors: "env=prod,tier!=edge,region" (key present), "!legacy" (absent).
 * Returns undefined when the text is not a selector, so the view can say so instead of filtering everything out.
 */
export function parseSelector(text: string): ((labels: Record<string, string>) => boolean) | undefined {
  const terms = text.split(",").map((t) => t.trim()).filter(Boolean);
  const tests: ((l: Record<string, string>) => boolean)[] = [];
  for (const term of terms) {
    const m = /^(!)?([\w./-]+)\s*(?:(!=|==|=)\s*([\w./-]*))?$/.exec(term);
    if (!m) return undefined;
    const [, not, key, op, value] = m;
    if (not && op) return undefined;
    if (not) tests.push((l) => !(key in l));
    else if (!op) tests.push((l) => key in l);
    else if (op === "!=") tests.push((l) => l[key] !== value);
    else tests.push((l) => l[key] === value);
  }
  return (labels) => tests.every((t) => t(labels));
}

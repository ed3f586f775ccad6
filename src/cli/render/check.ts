import type { Style } from "../style.js";

/** The parts of the check query's answer the output needs (the SDK's CheckQuery satisfies it). */
interface Finding {
  message: string;
}
interface Item {
  name: string;
  ok: boolean;
  skipped?: string | null;
  errors: readonly Finding[];
  warnings: readonly Finding[];
}
export interface CheckAnswer {
  ok: boolean;
  errorCount: number;
  warningCount: number;
  clusters: readonly {
    cluster: string;
    items: readonly Item[];
    instances: readonly { name: string; items: readonly Item[] }[];
  }[];
}

function verdict(item: Item, style: Style): string {
  if (item.skipped) return style.dim(`Skipped (${item.skipped})`);
  if (item.ok) return style.ok("OK");
  const parts: string[] = [];
  if (item.errors.length) parts.push(style.error(`${item.errors.length} Errors`));
  if (item.warnings.length) parts.push(style.warn(`${item.warnings.length} Warnings`));
  return `${parts.join(", ")}!`;
}

function items(lines: string[], list: readonly Item[], indent: string, style: Style) {
  for (const item of list) {
    lines.push(`${indent}Checking ${item.name}... ${verdict(item, style)}`);
    for (const f of item.errors) lines.push(`${indent}  ${style.error(f.message)}`);
    for (const f of item.warnings) lines.push(`${indent}  ${style.warn(f.message)}`);
  }
}

/** glooctl check's output, per cluster and Gloo instance: "Checking Upstreams... OK", findings, then the verdict. */
export function renderCheck(answer: CheckAnswer, style: Style): string {
  const lines: string[] = [];
  for (const cluster of answer.clusters) {
    lines.push(style.bold(`Checking cluster ${cluster.cluster}...`));
    items(lines, cluster.items, "  ", style);
    for (const instance of cluster.instances) {
      lines.push(style.bold(`Checking Gloo Instance ${instance.name}...`));
      items(lines, instance.items, "  ", style);
    }
  }
  if (answer.clusters.length === 0) lines.push("No registered clusters to check.");
  if (answer.ok) lines.push(style.ok("No problems detected."));
  else {
    const counts = [
      answer.errorCount ? `${answer.errorCount} error${answer.errorCount === 1 ? "" : "s"}` : "",
      answer.warningCount ? `${answer.warningCount} warning${answer.warningCount === 1 ? "" : "s"}` : "",
    ].filter(Boolean);
    lines.push(style.error(`Problems detected: ${counts.join(", ")}.`));
  }
  return `${lines.join("\n")}\n`;
}

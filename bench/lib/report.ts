import { readFileSync, existsSync } from "node:fs";
import type { Machine } from "./machine.js";
import { ratios, type CaseResult, type Measurement, type Unit } from "./measurement.js";
import type { Summary } from "./stats.js";

export interface RunReport {
  date: string;
  mode: "full" | "quick";
  command: string;
  machine: Machine;
  /** Share of the machine's CPU used by others over the whole run (0..1). */
  otherLoad?: number;
  durationMs: number;
  cases: CaseResult[];
}

// Others used more than this share of the machine: figures are marked as taken on a shared machine.
const SHARED_THRESHOLD = 0.05;

export function format(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return "–";
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const n = value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit === "req/s" || unit === "requests" ? n : `${n} ${unit === "ms" ? "ms" : unit}`;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const ratioText = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : "–");
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function figures(s: Summary, unit: Unit): string {
  if (s.n === 1) return format(s.median, unit);
  return `${format(s.median, unit)} / ${format(s.p90, unit)} / ${format(s.p99, unit)} / ${format(s.max, unit)}`;
}

function row(m: Measurement): string[] {
  const r = ratios(m);
  const cells = (title: string, fedplane: string, baseline: string, ratio: string, goal: string, anchor: string) =>
    `| ${[title, fedplane, baseline, ratio, goal, anchor].map(cell).join(" | ")} |`;
  const main = cells(
    m.title + (m.note ? ` — ${m.note}` : ""),
    `${figures(m.fedplane, m.unit)} (n=${m.fedplane.n})`,
    m.baseline ? `${figures(m.baseline.summary, m.unit)} (${m.baseline.label})` : "–",
    r ? `${ratioText(r.median)} / ${ratioText(r.p99)}` : "–",
    m.goal ? `${m.goal.met ? "met" : "**missed**"}: ${m.goal.text}` : "–",
    m.anchor ?? "–",
  );
  // Other floors measured the same way are shown under it, for reference (the ratio is to the baseline above).
  const others = (m.alsoMeasured ?? []).map((a) => cells(`↳ also measured: ${a.label}`, "", figures(a.summary, m.unit), "", "", ""));
  return [main, ...others];
}

/** bench/RESULTS.md: the latest run's table, the machine, the anchors, and the standing notes (bench/FINDINGS.md). */
export function markdown(report: RunReport, findingsPath: string): string {
  const { machine: mc } = report;
  const shared = report.otherLoad !== undefined && report.otherLoad > SHARED_THRESHOLD;
  const lines: string[] = [
    "# fedplane benchmark results",
    "",
    "Written by `npm run bench` (latest run; do not edit by hand — the notes at the end come from `bench/FINDINGS.md`).",
    "",
    `- Date: ${report.date} (${report.mode} run, ${Math.round(report.durationMs / 1000)} s; \`${report.command}\`)`,
    `- Machine: ${mc.cores} cores (${mc.cpuModel}), ${mc.memoryGiB} GiB memory, Node ${mc.node}, ${mc.os}`,
    `- Load average at start: ${mc.loadAverage.join(", ")}` +
      (report.otherLoad === undefined ? "" : `; other processes used ${pct(report.otherLoad)} of the machine's CPU during the run`),
  ];
  if (shared) {
    lines.push(
      "",
      `> **Shared machine**: these figures were taken on a ${mc.cores}-core machine shared with other engineers' test runs ` +
        `(others used ${pct(report.otherLoad!)} of its CPU while the benchmark ran); expect them to be slower and noisier than on a quiet machine.`,
    );
  }
  lines.push(
    "",
    "Figures are median / p90 / p99 / max (a single figure when measured once). **Ratio** = how many times the baseline's cost fedplane pays",
    "(times: fedplane ÷ baseline; throughput: baseline ÷ fedplane), from medians / from p99s; 1.00x is as fast as the floor.",
    "Goals are reported, never asserted.",
  );
  for (const c of report.cases) {
    lines.push("", `## ${c.title}`, "");
    const load = c.otherLoad === undefined ? "" : `, others used ${pct(c.otherLoad)} of the CPU meanwhile`;
    lines.push(`_${c.name}: ${Math.round(c.durationMs / 1000)} s${load}._`);
    if (!c.ok) lines.push("", `**The case crashed**: ${cell(c.error ?? "unknown error")}`);
    if (c.measurements.length > 0) {
      lines.push(
        "",
        "| measurement | fedplane | baseline | ratio | goal | peers anchor |",
        "|---|---|---|---|---|---|",
        ...c.measurements.flatMap(row),
      );
    }
    if (c.facts.length > 0) lines.push("", c.facts.map((f) => `${f.key}: ${f.value}`).join("; ") + ".");
  }
  const goals = report.cases.flatMap((c) => c.measurements.filter((m) => m.goal));
  if (goals.length > 0) {
    lines.push("", "## Goals", "", "| goal | measured | result |", "|---|---|---|");
    for (const m of goals) lines.push(`| ${cell(m.goal!.text)} | ${cell(`${m.title}: ${m.goal!.measured}`)} | ${m.goal!.met ? "met" : "**missed**"} |`);
  }
  if (existsSync(findingsPath)) lines.push("", readFileSync(findingsPath, "utf8").trim());
  return lines.join("\n") + "\n";
}

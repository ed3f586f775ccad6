import { fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { caseEnv } from "./lib/case.js";
import { machine, otherLoadMeter } from "./lib/machine.js";
import type { CaseMessage, CaseResult } from "./lib/measurement.js";
import { markdown, type RunReport } from "./lib/report.js";
import { cases, type CaseSpec } from "./cases/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const LOADER = join(here, "..", "tools", "swc-loader", "register.mjs");
const RESULTS_DIR = join(here, "results");

const usage = `Usage: npm run bench -- [--quick] [--only <name>[,<name>...]] [--profile] [--report]

Runs fedplane's benchmark suite, each case in its own process, and writes bench/results/latest.json and
bench/RESULTS.md (the latter only for a full run of every case, unless --report is given).

  --quick           small sizes, same code paths (CI; under 2 minutes)
  --only <names>    run only these cases: ${cases.map((c) => c.name).join(", ")}
  --profile         write V8 CPU profiles of each case process to bench/results/profiles/<case>/ (Chrome DevTools,
                    or bench/top-frames.ts)
  --report          write bench/RESULTS.md even for --quick or --only runs
  --help            this text

Figures are reported, never judged: the exit code is non-zero only when a case crashed.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string", multiple: true },
      profile: { type: "boolean", default: false },
      report: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const wanted = (values.only ?? []).flatMap((o) => o.split(",")).map((s) => s.trim()).filter(Boolean);
  const unknown = wanted.filter((w) => !cases.some((c) => c.name === w));
  if (unknown.length > 0) {
    console.error(`unknown case ${unknown.join(", ")}; the cases are: ${cases.map((c) => c.name).join(", ")}`);
    return 2;
  }
  const selected = wanted.length > 0 ? cases.filter((c) => wanted.includes(c.name)) : cases;
  const quick = values.quick;
  const mc = machine();
  const started = Date.now();
  const meter = otherLoadMeter();
  log(`fedplane benchmarks (${quick ? "quick" : "full"}): ${selected.map((c) => c.name).join(", ")}`);
  log(`machine: ${mc.cores} cores (${mc.cpuModel}), ${mc.memoryGiB} GiB, Node ${mc.node}, load ${mc.loadAverage.join(" ")}`);

  const results: CaseResult[] = [];
  for (const spec of selected) results.push(await runOne(spec, quick, values.profile));

  const report: RunReport = {
    date: new Date(started).toISOString(),
    mode: quick ? "quick" : "full",
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    machine: mc,
    otherLoad: meter(),
    durationMs: Date.now() - started,
    cases: results,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const jsonPath = join(RESULTS_DIR, quick ? "latest-quick.json" : "latest.json");
  writeFileSync(jsonPath, JSON.stringify(report, null, 2) + "\n");
  log(`wrote ${jsonPath}`);
  const md = markdown(report, join(here, "FINDINGS.md"));
  if ((!quick && wanted.length === 0) || values.report) {
    writeFileSync(join(here, "RESULTS.md"), md);
    log(`wrote ${join(here, "RESULTS.md")}`);
  } else {
    process.stdout.write(`\n${md}`);
  }
  const crashed = results.filter((r) => !r.ok);
  if (crashed.length > 0) {
    log(`${crashed.length} case(s) crashed: ${crashed.map((c) => c.name).join(", ")}; see their error output above`);
    return 1;
  }
  log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
  return 0;
}

function runOne(spec: CaseSpec, quick: boolean, profile: boolean): Promise<CaseResult> {
  const result: CaseResult = { name: spec.name, title: spec.title, ok: false, durationMs: 0, measurements: [], facts: [] };
  const started = Date.now();
  const meter = otherLoadMeter();
  const execArgv = ["--import", LOADER, "--enable-source-maps"];
  // One file per thread (the loader's hooks run in a thread of their own): the main thread's is CPU.*.<pid>.0.*.
  if (profile) execArgv.push("--cpu-prof", "--cpu-prof-dir", join(RESULTS_DIR, "profiles", spec.name));
  log(`[${spec.name}] ${spec.title}`);
  return new Promise((resolve) => {
    const child = fork(join(here, "cases", spec.file), spec.args ?? [], {
      execArgv,
      env: { ...process.env, ...caseEnv(quick) },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const limit = quick ? spec.timeoutMs.quick : spec.timeoutMs.full;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      log(`[${spec.name}] still running after ${limit / 1000} s: stopping it`);
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 30_000).unref();
    }, limit);
    child.on("message", (message: CaseMessage) => {
      if (message.type === "progress") {
        if (message.line) log(`[${spec.name}] ${message.line}`);
      } else if (message.type === "measurement") {
        result.measurements.push(message.measurement);
      } else if (message.type === "fact") {
        result.facts.push(message.fact);
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      result.durationMs = Date.now() - started;
      result.otherLoad = meter();
      result.ok = code === 0 && !timedOut;
      if (!result.ok) {
        result.error = timedOut ? `did not finish within ${limit / 1000} s` : `exited with ${signal ?? `code ${code}`}`;
      }
      log(`[${spec.name}] ${result.ok ? "finished" : `FAILED (${result.error})`} in ${Math.round(result.durationMs / 1000)} s`);
      resolve(result);
    });
  });
}

function log(line: string) {
  const t = new Date().toISOString().slice(11, 19);
  process.stdout.write(`${t} ${line}\n`);
}

process.exitCode = await main();

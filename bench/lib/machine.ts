import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  os: string;
  loadAverage: number[];
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** CPU ticks: the whole machine's busy time, and that of one process tree. Linux only (undefined elsewhere). */
interface CpuSnapshot {
  busy: number;
  total: number;
  tree: number;
}

function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((s, v) => s + v, 0);
  const idle = fields[3] + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/** utime+stime of every process whose ancestry reaches root (children, control planes, workers). */
function treeTicks(root: number): number {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parent.set(Number(entry), Number(rest[1]));
      ticks.set(Number(entry), Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14])); // incl. reaped children
    } catch {
      // exited meanwhile
    }
  }
  let sum = 0;
  for (const [pid, t] of ticks) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        sum += t;
        break;
      }
    }
  }
  return sum;
}

/**
 * Measures how much of the machine other people's processes used between start() and the returned function's call:
 * the benchmark shares its cores with other engineers' test runs, and a reader must know when figures were taken so.
 */
export function otherLoadMeter(): () => number | undefined {
  if (process.platform !== "linux") return () => undefined;
  const snap = (): CpuSnapshot => ({ ...machineTicks(), tree: treeTicks(process.pid) });
  const start = snap();
  return () => {
    const end = snap();
    const total = end.total - start.total;
    if (total <= 0) return undefined;
    const others = end.busy - start.busy - (end.tree - start.tree);
    return Math.max(0, Math.min(1, others / total));
  };
}

import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A child process whose output goes to a log file, and which never outlives this Node process. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logPath: string;
  readonly exited: Promise<Exit>;
  /** The exit, once it happened. */
  exit(): Exit | undefined;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. Idempotent. */
  stop(graceMs?: number): Promise<void>;
  /** The last lines of the log, for error messages. */
  logTail(lines?: number): string;
  /** Resident memory in bytes, or undefined when the process is gone or the platform cannot tell. */
  rssBytes(): number | undefined;
}

const live = new Set<ManagedProcess>();

/**
 * On Linux, setpriv makes the kernel SIGKILL the child when this process dies, even by SIGKILL, which no exit handler
 * can catch. Elsewhere the exit and signal handlers below are the safety net.
 */
const PDEATHSIG = process.platform === "linux" && existsSync("/usr/bin/setpriv") ? "/usr/bin/setpriv" : undefined;

export function startProcess(name: string, command: string, args: readonly string[], logPath: string): ManagedProcess {
  const log = openSync(logPath, "a");
  let child: ChildProcess;
  try {
    const [file, argv] = PDEATHSIG ? [PDEATHSIG, ["--pdeathsig", "KILL", "--", command, ...args]] : [command, [...args]];
    child = spawn(file, argv, { stdio: ["ignore", log, log] });
  } finally {
    closeSync(log);
  }
  let exit: Exit | undefined;
  const exited = new Promise<Exit>((resolve) => {
    const done = (value: Exit): void => {
      exit ??= value;
      live.delete(managed);
      updateSafetyNet();
      resolve(exit);
    };
    child.once("exit", (code, signal) => done({ code, signal }));
    child.once("error", () => done({ code: 127, signal: null }));
  });
  const managed: ManagedProcess = {
    name,
    pid: child.pid ?? -1,
    logPath,
    exited,
    exit: () => exit,
    async stop(graceMs = 10_000) {
      if (exit) return;
      child.kill(graceMs > 0 ? "SIGTERM" : "SIGKILL");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
    logTail: (lines = 40) => readTail(logPath, lines),
    rssBytes: () => (exit ? undefined : rssOf(child.pid)),
  };
  if (child.pid !== undefined) {
    live.add(managed);
    updateSafetyNet();
  }
  return managed;
}

function readTail(path: string, lines: number): string {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString("utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } finally {
    closeSync(fd);
  }
}

function rssOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    if (process.platform === "linux") {
      const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      return match ? Number(match[1]) * 1024 : undefined;
    }
    return Number(execFileSync("ps", ["-o", "rss=", "-p", String(pid)], { encoding: "utf8" }).trim()) * 1024;
  } catch {
    return undefined;
  }
}

// Safety net: children must not outlive us, whether we exit normally, by process.exit() or by a signal. Installed only
// while children run, so the host process's own signal handling is untouched otherwise.
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
let installed = false;

function killAll(signal: NodeJS.Signals): void {
  for (const managed of live) {
    try {
      process.kill(managed.pid, signal);
    } catch {
      // already gone
    }
  }
}

const removeAtExit = new Set<string>();

/** A folder to delete if this process exits while children still run (e.g. a runner that skips teardown). */
export function removeOnExit(path: string): () => void {
  removeAtExit.add(path);
  return () => removeAtExit.delete(path);
}

function onExit(): void {
  killAll("SIGKILL");
  for (const path of removeAtExit) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // best effort: a process killed a moment ago may still be writing
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  // Alone, we stand in for Node's default (exit on the signal; the exit handler then kills the children). With other
  // listeners, they decide: a command that stops its control planes cleanly must not see them killed under it.
  if (process.listenerCount(signal) === 1) process.exit(128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 1));
}

function updateSafetyNet(): void {
  const want = live.size > 0;
  if (want === installed) return;
  installed = want;
  if (want) {
    process.on("exit", onExit);
    for (const signal of SIGNALS) process.on(signal, onSignal);
  } else {
    process.off("exit", onExit);
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
}

/** Whether a pid is a running process (used to detect control planes left running by an earlier run). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

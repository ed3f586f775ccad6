import { execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { testTokenFor } from "../support/fedplane.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The fedplane CLI as a user runs it, as a child process, from the sources: node with the project's SWC loader (the
 * same transform as the build, decorator metadata included), so tests need no `npm run build` and never race one.
 * stdout/stderr are pipes, so the CLI prints plain text as it does when piped.
 */
const nodeArgs = ["--import", "./tools/swc-loader/register.mjs", "src/cli/main.ts"];

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A CLI run against a test server started by test/support/fedplane.ts gets its administrator token, as a user would export it. */
function tokenEnv(args: string[]): Record<string, string> {
  const i = args.findIndex((a) => a === "--server" || a.startsWith("--server="));
  const url = i < 0 ? undefined : args[i].startsWith("--server=") ? args[i].slice("--server=".length) : args[i + 1];
  const token = url ? testTokenFor(url) : undefined;
  return token ? { FEDPLANE_TOKEN: token } : {};
}

export function runCli(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [...nodeArgs, ...args],
      { cwd: root, env: { ...process.env, NO_COLOR: "", ...tokenEnv(args), ...options.env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}

/** A long-running CLI command (e.g. watch): its output so far, and a way to stop it. */
export function startCli(args: string[]) {
  const child = spawn(process.execPath, [...nodeArgs, ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...tokenEnv(args) } });
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (d) => (output.stdout += d));
  child.stderr.on("data", (d) => (output.stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    output,
    exited,
    stop() {
      if (child.exitCode === null) child.kill("SIGINT");
      return exited;
    },
  };
}

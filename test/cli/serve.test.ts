import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAdminToken } from "../../src/auth/admin-token.js";
import { createFedplaneClient } from "../../src/sdk/client.js";
import { eventually } from "../support/eventually.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);

/** Starts a process in its own process group and collects its output. */
function start(command: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(command, args, { cwd: root, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  const output = { stdout: "", stderr: "" };
  child.stdout!.on("data", (d) => (output.stdout += d));
  child.stderr!.on("data", (d) => (output.stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, output, exited };
}

/** The URL the CLI prints for the playground; fails at once if the process exits first (e.g. the build failed). */
async function servedUrl(server: ReturnType<typeof start>): Promise<string> {
  const exitedFirst = server.exited.then(() => {
    throw new Error(`fedplane exited before serving:\n${server.output.stdout}\n${server.output.stderr}`);
  });
  const serving = eventually(
    () => {
      const match = /Playground:\s+open (http:\/\/\S+) in a browser/.exec(server.output.stdout);
      if (!match) throw new Error(`not serving yet:\n${server.output.stdout}`);
      return match[1];
    },
    { timeoutMs: 120_000, intervalMs: 100 },
  );
  return Promise.race([serving, exitedFirst]);
}

describe("fedplane CLI", () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "fedplane-cli-"));
    await run("npm", ["run", "--silent", "build"], { cwd: root }); // bin/fedplane.js runs the compiled CLI
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("`npm start` builds, serves /graphql on the embedded default with its data dir, and stops cleanly on SIGTERM", async () => {
    const dataDir = join(dir, "npm-start-data");
    const server = start("npm", ["start", "--", "--port", "0", "--data-dir", dataDir]);
    try {
      const url = await servedUrl(server);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
      const client = createFedplaneClient({ url, token: readAdminToken(dataDir) });
      expect(await client.request("{ __typename }")).toEqual({ __typename: "Query" });
      expect(existsSync(dataDir)).toBe(true);
      // What a terminal's Ctrl-C or a container stop does: signal the whole process group (npm and fedplane).
      process.kill(-server.child.pid!, "SIGTERM");
      await server.exited;
      await eventually(() => expect(server.output.stderr).toContain('"msg":"stopped"'));
      await expect(fetch(url)).rejects.toThrow();
    } finally {
      if (server.child.exitCode === null) process.kill(-server.child.pid!, "SIGKILL");
    }
  }, 240_000);

  it("the built CLI exits with code 0 on SIGTERM and keeps its data across restarts", async () => {
    const dataDir = join(dir, "bin-data");
    for (const round of [1, 2]) {
      const server = start("node", ["bin/fedplane.js", "serve", "--port", "0", "--data-dir", dataDir, "--embedded-clusters", "1"]);
      try {
        const url = await servedUrl(server);
        const client = createFedplaneClient({ url, token: readAdminToken(dataDir) });
        const names = (await client.clusters()).clusters.map((c) => c.name);
        // --embedded-clusters applies to a new data dir only; the cluster registered in round 1 survives the restart
        expect(names).toEqual(round === 1 ? ["cluster-1", "local"] : ["cluster-1", "extra", "local"]);
        if (round === 1) await client.registerCluster({ input: { name: "extra" } });
        server.child.kill("SIGTERM");
        expect(await server.exited).toEqual({ code: 0, signal: null });
      } finally {
        if (server.child.exitCode === null) server.child.kill("SIGKILL");
      }
    }
  }, 240_000);

  it("documents every serve flag in --help", async () => {
    const { stdout: top } = await run("node", ["bin/fedplane.js", "--help"], { cwd: root });
    expect(top).toContain("serve");
    const { stdout } = await run("node", ["bin/fedplane.js", "serve", "--help"], { cwd: root });
    for (const flag of [
      "--host",
      "--port",
      "--data-dir",
      "--in-memory",
      "--kubeconfig",
      "--context",
      "--federation-namespace",
      "--no-local-cluster",
      "--embedded-clusters",
      "--log-level",
    ]) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toContain("$PORT");
  });

  it("says clearly when the port is taken", async () => {
    const server = start("node", ["bin/fedplane.js", "serve", "--port", "0", "--in-memory", "--embedded-clusters", "0"]);
    try {
      const port = new URL(await servedUrl(server)).port;
      const error = (await run("node", ["bin/fedplane.js", "serve", "--port", port, "--in-memory"], { cwd: root }).catch((e) => e)) as { code: number; stderr: string };
      expect(error.code).toBe(1);
      expect(error.stderr).toContain(`fedplane: port ${port} on 127.0.0.1 is in use: stop what uses it, or pick another port with --port (or PORT)`);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  }, 120_000);

  it("refuses bad flag values with a usage error", async () => {
    const error = (await run("node", ["bin/fedplane.js", "serve", "--port", "99999"], { cwd: root }).catch((e) => e)) as { code: number; stderr: string };
    expect(error.code).toBe(2); // usage errors exit 2 (README: exit codes)
    expect(error.stderr).toContain("port must be a whole number from 0 to 65535");
  });
});

import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureAssets } from "../../src/controlplane/assets.js";
import { startControlPlanes } from "../../src/controlplane/harness.js";
import { isAlive } from "../../src/controlplane/process.js";
import { describeWithControlPlanes } from "../support/controlplanes.js";
import { eventually } from "../support/eventually.js";

const quiet = (): void => {};
const allGone = (pids: readonly number[]) => (): boolean => pids.every((pid) => !isAlive(pid));

// These start control planes of their own, beside the shared ones, to watch them start and stop.
describeWithControlPlanes("control-plane harness", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "fedplane-harness-test-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a ready kubeconfig per control plane, and stop() leaves no process and no data behind", async () => {
    const planes = await startControlPlanes({ names: ["hub", "spoke"], dir, crds: false, log: quiet });
    try {
      expect(planes.planes.map((p) => p.kubeconfigPath)).toEqual([join(dir, "hub.kubeconfig"), join(dir, "spoke.kubeconfig")]);
      expect(readFileSync(planes.admin.kubeconfigPath, "utf8")).toContain(`server: ${planes.admin.server}`);
      expect(planes.workloads.map((p) => p.name)).toEqual(["spoke"]);
      for (const pid of planes.planes.flatMap((p) => p.pids)) expect(isAlive(pid)).toBe(true);
      expect(planes.admin.rssBytes()).toBeGreaterThan(0);
    } finally {
      await planes.stop();
    }
    expect(allGone(planes.planes.flatMap((p) => p.pids))()).toBe(true);
    expect(existsSync(planes.admin.kubeconfigPath)).toBe(false);
    expect(existsSync(join(dir, "hub", "etcd-data"))).toBe(false);
    expect(existsSync(planes.admin.logs.kubeApiserver)).toBe(true); // kept for post-mortems
  });

  it("fails with the tail of the failing process's log, and stops what it had started", async () => {
    const real = await ensureAssets(quiet);
    const broken = join(dir, "broken-apiserver");
    writeFileSync(broken, "#!/bin/sh\necho 'E0000 this apiserver cannot start: no such flag' >&2\nexit 3\n");
    chmodSync(broken, 0o755);
    const attempt = startControlPlanes({ names: ["broken"], dir, crds: false, log: quiet, assets: { ...real, kubeApiserver: broken } });
    await expect(attempt).rejects.toThrow(/control plane broken failed to start: .*kube-apiserver exited \(code 3\)/);
    await expect(attempt).rejects.toThrow(/this apiserver cannot start: no such flag/);
    const pids = JSON.parse(readFileSync(join(dir, "broken", "pids.json"), "utf8")) as number[];
    expect(pids).toHaveLength(2);
    await eventually(allGone(pids));
  });

  it("refuses to start over a control plane that still runs from the same folder", async () => {
    const planes = await startControlPlanes({ names: ["busy"], dir, crds: false, log: quiet });
    try {
      await expect(startControlPlanes({ names: ["busy"], dir, crds: false, log: quiet })).rejects.toThrow(
        /a control plane is still running from .*busy \(pids \d+, \d+\): stop it first/,
      );
    } finally {
      await planes.stop();
    }
  });

  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    // SIGKILL cannot be caught: only Linux's parent-death signal (setpriv --pdeathsig) covers it.
    it.skipIf(signal === "SIGKILL" && process.platform !== "linux")(`leaves no etcd or kube-apiserver behind when the process running the harness gets ${signal}`, async () => {
      const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("fixtures/start-one.ts", import.meta.url)), join(dir, signal)], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      const { pids } = JSON.parse(await firstLine(child)) as { pids: number[] };
      for (const pid of pids) expect(isAlive(pid)).toBe(true);
      child.kill(signal);
      await eventually(allGone(pids), { timeoutMs: 20_000 });
    });
  }
});

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      lines.close();
      resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`fixture exited (code ${code}) before printing its pids`)));
  });
}

import { execFile } from "node:child_process";
import { accessSync, chmodSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assetsFromEnvironment, ControlPlaneAssetsError } from "../../src/controlplane/assets.js";

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../..", import.meta.url));

describe("control-plane binaries from the environment (envtest convention)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "fedplane-assets-test-"));
    for (const name of ["kube-apiserver", "etcd", "kubectl", "other-etcd"]) {
      writeFileSync(join(dir, name), "#!/bin/sh\n");
      chmodSync(join(dir, name), 0o755);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("uses nothing when no variable is set", () => {
    expect(assetsFromEnvironment({})).toBeUndefined();
  });

  it("takes all three from KUBEBUILDER_ASSETS, and a TEST_ASSET_* variable overrides one", () => {
    expect(assetsFromEnvironment({ KUBEBUILDER_ASSETS: dir })).toMatchObject({
      kubeApiserver: join(dir, "kube-apiserver"),
      etcd: join(dir, "etcd"),
      kubectl: join(dir, "kubectl"),
    });
    expect(assetsFromEnvironment({ KUBEBUILDER_ASSETS: dir, TEST_ASSET_ETCD: join(dir, "other-etcd") })?.etcd).toBe(join(dir, "other-etcd"));
  });

  it("names the variable and the path when a binary is missing, instead of building silently", () => {
    const missing = join(dir, "nowhere");
    expect(() => assetsFromEnvironment({ KUBEBUILDER_ASSETS: missing })).toThrow(
      new ControlPlaneAssetsError("ENV_ASSET_MISSING", `KUBEBUILDER_ASSETS: ${join(missing, "etcd")} is missing or not executable; point KUBEBUILDER_ASSETS at a etcd binary, or unset it to build from source`),
    );
    expect(() => assetsFromEnvironment({ TEST_ASSET_ETCD: join(dir, "etcd") })).toThrow(/TEST_ASSET_KUBE_APISERVER is not set/);
  });
});

describe("without Go and without built binaries", () => {
  let cache: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    cache = mkdtempSync(join(tmpdir(), "fedplane-empty-cache-"));
    const hasGo = (folder: string): boolean => {
      try {
        accessSync(join(folder, "go"), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    };
    env = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !key.startsWith("VITEST") && !key.startsWith("KUBEBUILDER") && !key.startsWith("TEST_ASSET")),
    );
    env.PATH = (process.env.PATH ?? "").split(delimiter).filter((folder) => !hasGo(folder)).join(delimiter);
    env.FEDPLANE_CACHE_DIR = cache;
  });
  afterAll(() => rmSync(cache, { recursive: true, force: true }));

  it("`npm run controlplane:build` fails, saying how to get the binaries", async () => {
    const failure = await run(process.execPath, ["--import", "tsx", "src/controlplane/cli.ts", "build"], { cwd: REPO, env }).catch((e) => e);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain("Go is not installed");
    expect(failure.stderr).toContain("KUBEBUILDER_ASSETS");
  });

  const vitest = (extra: NodeJS.ProcessEnv) =>
    run(process.execPath, [join(REPO, "node_modules/vitest/vitest.mjs"), "run", "test/controlplane/shared.kube.test.ts"], {
      cwd: REPO,
      env: { ...env, ...extra },
    }).then(
      (ok) => ({ code: 0, output: ok.stdout + ok.stderr }),
      (error) => ({ code: error.code as number, output: String(error.stdout) + String(error.stderr) }),
    );

  it("the kube suites are skipped with one loud line", async () => {
    const { code, output } = await vitest({ CI: "" });
    expect(output.match(/!!! SKIPPING the Kubernetes \(kube\) test suites: Go is not installed/g)).toHaveLength(1);
    expect(output).toMatch(/skipped/);
    expect(code).toBe(0);
  });

  it("under CI=true the run fails instead of skipping", async () => {
    const { code, output } = await vitest({ CI: "true" });
    expect(output).toContain("Go is not installed");
    expect(output).not.toContain("SKIPPING");
    expect(code).not.toBe(0);
  });
});

import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import {
  BINARY_SPECS,
  TOOL_SPECS,
  type BinarySpec,
  type ControlPlaneAssets,
  ControlPlaneAssetsError,
  cacheDir,
  buildStamp,
  cachedBinaryPath,
  findAssets,
  isCachedBinaryCurrent,
  stampPath,
} from "./assets.js";
import { formatDuration } from "./format.js";

const PROGRESS_EVERY_MS = 30_000;

/** `go version`, or a clear error telling the user how to get the binaries without Go. */
export function goVersion(): string {
  const result = spawnSync("go", ["version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) {
    throw new ControlPlaneAssetsError(
      "GO_MISSING",
      "Go is not installed (no `go` on PATH), so kube-apiserver, etcd and kubectl cannot be built from source. " +
        "Install Go 1.24 or newer (https://go.dev/dl/) and run `npm run controlplane:build`, " +
        "or set KUBEBUILDER_ASSETS to a folder holding kube-apiserver, etcd and kubectl.",
    );
  }
  return result.stdout.trim();
}

/** Builds every control-plane binary that is not current in the cache (and the tools, with `tools`); cheap when all are. */
export async function buildAssets(log: (line: string) => void, options: { tools?: boolean } = {}): Promise<ControlPlaneAssets> {
  await buildBinaries([...BINARY_SPECS, ...(options.tools ? TOOL_SPECS : [])], log);
  const assets = findAssets();
  if (!assets) throw new ControlPlaneAssetsError("BUILD_FAILED", `built binaries are missing from ${cacheDir()}`);
  return assets;
}

export async function buildBinaries(specs: readonly BinarySpec[], log: (line: string) => void): Promise<void> {
  const stale = specs.filter((spec) => !isCachedBinaryCurrent(spec));
  if (stale.length === 0) return;
  log(`binaries go to ${cacheDir()} (${goVersion()})`);
  mkdirSync(cacheDir(), { recursive: true });
  for (const spec of stale) await buildBinary(spec, log);
}

async function buildBinary(spec: BinarySpec, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  log(`building ${spec.name} ${spec.version} from source (first build takes many minutes)...`);
  const target = cachedBinaryPath(spec.name);
  // Build beside the target and rename: a concurrent run or an interrupted build never sees half a binary.
  const partial = `${target}.partial-${process.pid}`;
  const progress = setInterval(
    () => log(`  still building ${spec.name} (${formatDuration(Date.now() - started)} so far)...`),
    PROGRESS_EVERY_MS,
  );
  try {
    const output = await runGo(["build", "-trimpath", "-ldflags", spec.ldflags, "-o", partial, spec.pkg], spec.moduleDir);
    if (output.code !== 0) {
      throw new ControlPlaneAssetsError(
        "BUILD_FAILED",
        `building ${spec.name} ${spec.version} failed (go build exited ${output.code}):\n${tail(output.text, 30)}\n` +
          `Check that the Go module proxy is reachable (GOPROXY=${process.env.GOPROXY ?? "default"}) and retry \`npm run controlplane:build\`.`,
      );
    }
    renameSync(partial, target);
    writeFileSync(stampPath(spec.name), `${buildStamp(spec)}\n`);
    log(`built ${spec.name} ${spec.version} in ${formatDuration(Date.now() - started)}`);
  } finally {
    clearInterval(progress);
    rmSync(partial, { force: true });
  }
}

function runGo(args: string[], cwd: string): Promise<{ code: number; text: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("go", args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    const collect = (chunk: Buffer): void => {
      // Only the end matters for the error message; keep memory bounded on very chatty failures.
      text = (text + chunk.toString("utf8")).slice(-64_000);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, text }));
  });
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

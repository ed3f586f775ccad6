import { createHash } from "node:crypto";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The three binaries of envtest's convention, by their file names. */
export type AssetName = "kube-apiserver" | "etcd" | "kubectl";
export const ASSET_NAMES: readonly AssetName[] = ["etcd", "kube-apiserver", "kubectl"];

export interface ControlPlaneAssets {
  readonly kubeApiserver: string;
  readonly etcd: string;
  readonly kubectl: string;
  /** Where they came from, for progress lines and error messages. */
  readonly origin: string;
}

export type AssetsErrorCode = "GO_MISSING" | "ENV_ASSET_MISSING" | "BUILD_FAILED";

export class ControlPlaneAssetsError extends Error {
  constructor(
    readonly code: AssetsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ControlPlaneAssetsError";
  }
}

const ENV_VAR: Record<AssetName, string> = {
  "kube-apiserver": "TEST_ASSET_KUBE_APISERVER",
  etcd: "TEST_ASSET_ETCD",
  kubectl: "TEST_ASSET_KUBECTL",
};

/** The repository root, found from this file so it works from src/ (tsx, vitest) and from dist/ alike. */
export const REPO_ROOT = findUp(dirname(fileURLToPath(import.meta.url)), "tools/controlplane/kubernetes/go.mod");
export const TOOLS_DIR = join(REPO_ROOT, "tools", "controlplane");

function findUp(from: string, marker: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, marker))) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the fedplane repository (no ${marker} above ${from})`);
  }
}

/** Built beside the control-plane binaries for the chart tests, but not one of envtest's assets. */
export type ToolName = "helm";

/** How one binary is built: which Go module of tools/controlplane/, which package, which link flags. */
export interface BinarySpec {
  readonly name: AssetName | ToolName;
  readonly moduleDir: string;
  readonly pkg: string;
  readonly version: string;
  readonly ldflags: string;
}

function requiredVersion(goModPath: string, modulePath: string): string {
  const escaped = modulePath.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const match = new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, "m").exec(readFileSync(goModPath, "utf8"));
  if (!match) throw new Error(`${goModPath} does not require ${modulePath}`);
  return match[1];
}

/** The versions come from the go.mod files, so bumping Kubernetes or etcd is a go.mod change only. */
export const KUBERNETES_VERSION = requiredVersion(join(TOOLS_DIR, "kubernetes", "go.mod"), "k8s.io/kubernetes");
export const ETCD_VERSION = requiredVersion(join(TOOLS_DIR, "etcd", "go.mod"), "go.etcd.io/etcd/server/v3");
export const HELM_VERSION = requiredVersion(join(TOOLS_DIR, "helm", "go.mod"), "helm.sh/helm/v3");

function versionLdflags(version: string): string {
  const [major, minor] = version.replace(/^v/, "").split(".");
  // component-base answers /version and `kube-apiserver --version`; client-go answers `kubectl version` (client side).
  const stamps = ["k8s.io/component-base/version", "k8s.io/client-go/pkg/version"].flatMap((pkg) => [
    `-X ${pkg}.gitVersion=${version}`,
    `-X ${pkg}.gitMajor=${major}`,
    `-X ${pkg}.gitMinor=${minor}`,
    `-X ${pkg}.gitTreeState=clean`,
  ]);
  return ["-s", "-w", ...stamps].join(" ");
}

export const BINARY_SPECS: readonly BinarySpec[] = [
  { name: "etcd", moduleDir: join(TOOLS_DIR, "etcd"), pkg: "go.etcd.io/etcd/server/v3", version: ETCD_VERSION, ldflags: "-s -w" },
  ...(["kube-apiserver", "kubectl"] as const).map((name) => ({
    name,
    moduleDir: join(TOOLS_DIR, "kubernetes"),
    pkg: `k8s.io/kubernetes/cmd/${name}`,
    version: KUBERNETES_VERSION,
    ldflags: versionLdflags(KUBERNETES_VERSION),
  })),
];

// As helm's Makefile stamps them: its own version, and the Kubernetes version of the client-go it is built with (what
// `helm template` and `helm lint` assume of a cluster when none is asked).
const helmClientGoMinor = requiredVersion(join(TOOLS_DIR, "helm", "go.mod"), "k8s.io/client-go").split(".")[1];
const HELM_LDFLAGS = [
  "-s -w",
  `-X helm.sh/helm/v3/internal/version.version=${HELM_VERSION}`,
  "-X helm.sh/helm/v3/internal/version.gitTreeState=clean",
  ...["pkg/lint/rules", "pkg/chartutil"].flatMap((pkg) => [
    `-X helm.sh/helm/v3/${pkg}.k8sVersionMajor=1`,
    `-X helm.sh/helm/v3/${pkg}.k8sVersionMinor=${helmClientGoMinor}`,
  ]),
].join(" ");

export const TOOL_SPECS: readonly BinarySpec[] = [
  { name: "helm", moduleDir: join(TOOLS_DIR, "helm"), pkg: "helm.sh/helm/v3/cmd/helm", version: HELM_VERSION, ldflags: HELM_LDFLAGS },
];

/** ~/.cache/fedplane/controlplane/<kubernetes version>/ (XDG_CACHE_HOME and FEDPLANE_CACHE_DIR respected). */
export function cacheDir(): string {
  const base = process.env.FEDPLANE_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "fedplane");
  return join(base, "controlplane", KUBERNETES_VERSION);
}

/** A cached binary is current when it was built from the same go.mod, go.sum, package and flags. */
export function buildStamp(spec: BinarySpec): string {
  const hash = createHash("sha256");
  for (const file of ["go.mod", "go.sum"]) hash.update(readFileSync(join(spec.moduleDir, file)));
  hash.update(`${spec.pkg}\n${spec.ldflags}\n`);
  return hash.digest("hex");
}

export const cachedBinaryPath = (name: AssetName | ToolName): string => join(cacheDir(), name);
export const stampPath = (name: AssetName | ToolName): string => join(cacheDir(), `.${name}.stamp`);

export function isCachedBinaryCurrent(spec: BinarySpec): boolean {
  const path = cachedBinaryPath(spec.name);
  return isExecutable(path) && readOr(stampPath(spec.name), "") === buildStamp(spec);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    return fallback;
  }
}

const toAssets = (paths: Record<AssetName, string>, origin: string): ControlPlaneAssets => ({
  kubeApiserver: paths["kube-apiserver"],
  etcd: paths.etcd,
  kubectl: paths.kubectl,
  origin,
});

/**
 * The envtest convention: KUBEBUILDER_ASSETS names a folder holding all three, TEST_ASSET_* name single files and win.
 * Returns undefined when none of these variables is set; throws when they are set but point at nothing.
 */
export function assetsFromEnvironment(env: NodeJS.ProcessEnv = process.env): ControlPlaneAssets | undefined {
  const folder = env.KUBEBUILDER_ASSETS;
  if (!folder && ASSET_NAMES.every((name) => !env[ENV_VAR[name]])) return undefined;
  const paths = {} as Record<AssetName, string>;
  for (const name of ASSET_NAMES) {
    const path = env[ENV_VAR[name]] || (folder ? join(folder, name) : undefined);
    if (!path) {
      throw new ControlPlaneAssetsError(
        "ENV_ASSET_MISSING",
        `${ENV_VAR[name]} is not set and KUBEBUILDER_ASSETS is not set: set one of them to ${name}, or unset all TEST_ASSET_* variables to use binaries built from source`,
      );
    }
    if (!isExecutable(path)) {
      const via = env[ENV_VAR[name]] ? ENV_VAR[name] : "KUBEBUILDER_ASSETS";
      throw new ControlPlaneAssetsError(
        "ENV_ASSET_MISSING",
        `${via}: ${path} is missing or not executable; point ${via} at a ${name} binary, or unset it to build from source`,
      );
    }
    paths[name] = path;
  }
  return toAssets(paths, folder && ASSET_NAMES.every((n) => !env[ENV_VAR[n]]) ? `KUBEBUILDER_ASSETS=${folder}` : "TEST_ASSET_* / KUBEBUILDER_ASSETS");
}

/** Binaries from the environment, else current ones from the cache, else undefined (never builds). */
export function findAssets(): ControlPlaneAssets | undefined {
  const fromEnv = assetsFromEnvironment();
  if (fromEnv) return fromEnv;
  if (!BINARY_SPECS.every(isCachedBinaryCurrent)) return undefined;
  return toAssets(
    Object.fromEntries(ASSET_NAMES.map((name) => [name, cachedBinaryPath(name)])) as Record<AssetName, string>,
    `cache ${cacheDir()}`,
  );
}

/** Binaries from the environment or the cache; builds the missing ones with Go (many minutes the first time). */
export async function ensureAssets(log: (line: string) => void = defaultLog): Promise<ControlPlaneAssets> {
  const found = findAssets();
  if (found) return found;
  const { buildAssets } = await import("./build.js");
  return buildAssets(log);
}

/**
 * A tool such as helm: $FEDPLANE_HELM when set, else the cached build, else built with Go now (about a minute or two
 * the first time).
 */
export async function ensureTool(name: ToolName, log: (line: string) => void = defaultLog): Promise<string> {
  const fromEnv = process.env[`FEDPLANE_${name.toUpperCase()}`];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new ControlPlaneAssetsError("ENV_ASSET_MISSING", `FEDPLANE_${name.toUpperCase()}=${fromEnv} is missing or not executable`);
    return fromEnv;
  }
  const spec = TOOL_SPECS.find((s) => s.name === name)!;
  if (isCachedBinaryCurrent(spec)) return cachedBinaryPath(name);
  const { buildBinaries } = await import("./build.js");
  await buildBinaries([spec], log);
  return cachedBinaryPath(name);
}

export const defaultLog = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

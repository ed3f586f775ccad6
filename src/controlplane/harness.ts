import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { AdminApi } from "./api.js";
import { type ControlPlaneAssets, defaultLog, ensureAssets } from "./assets.js";
import type { Manifest } from "../crds/project-crds.js";
import { readCrdFiles } from "./crds.js";
import { formatDuration, formatMiB } from "./format.js";
import { installCrds } from "./install-crds.js";
import { adminKubeconfig, writeKubeconfig } from "./kubeconfig.js";
import { createPki, type Pki, SERVICE_CLUSTER_IP_RANGE } from "./pki.js";
import { freePort } from "./ports.js";
import { isAlive, type ManagedProcess, removeOnExit, startProcess } from "./process.js";
import { waitFor } from "./wait.js";

/** One running etcd + kube-apiserver pair on loopback, administered through `kubeconfigPath`. */
export interface ControlPlane {
  readonly name: string;
  /** Its folder: logs (etcd.log, kube-apiserver.log), PKI and etcd data. */
  readonly dir: string;
  /** Self-contained admin kubeconfig (client certificate in O=system:masters); context and cluster are `name`. */
  readonly kubeconfigPath: string;
  /** https://127.0.0.1:<port> */
  readonly server: string;
  /** gitVersion answered by /version, e.g. "v1.34.4". */
  readonly version: string;
  readonly etcdEndpoint: string;
  /** Wall time from nothing to ready (CRDs Established), and its parts. */
  readonly startupMs: number;
  readonly phasesMs: { readonly pki: number; readonly etcd: number; readonly apiserver: number; readonly crds: number };
  readonly logs: { readonly etcd: string; readonly kubeApiserver: string };
  readonly pids: readonly number[];
  /** Resident memory of etcd + kube-apiserver now. */
  rssBytes(): number;
  /** Stops both processes and removes data, PKI and kubeconfig; keeps the logs. Idempotent. */
  stop(): Promise<void>;
}

export interface ControlPlanes {
  readonly dir: string;
  readonly planes: readonly ControlPlane[];
  /** planes[0]: where fedplane's CRDs and KubernetesCluster registrations live. */
  readonly admin: ControlPlane;
  /** planes[1..]: member clusters Gloo objects are placed into. */
  readonly workloads: readonly ControlPlane[];
  /** Stops every control plane (and removes `dir` if the harness created it). Idempotent. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** How many control planes, the admin one included. Default 1. */
  readonly count?: number;
  /** Their names; default "admin", "cluster-1", "cluster-2", ... */
  readonly names?: readonly string[];
  /** Folder for kubeconfigs (`<name>.kubeconfig`) and per-plane folders. Default: a new temp folder, removed on stop. */
  readonly dir?: string;
  /** Binaries to use. Default: ensureAssets() (environment, cache, else build with Go). */
  readonly assets?: ControlPlaneAssets;
  /** CRDs installed into every control plane. Default: deploy/crds. `false`: none. */
  readonly crds?: readonly Manifest[] | false;
  /** Per waiting step (etcd health, /readyz, default namespace, CRDs). Default 180 s: a busy 2-core machine is slow. */
  readonly readyTimeoutMs?: number;
  /** Progress lines. Default: stderr. */
  readonly log?: (line: string) => void;
}

export const defaultClusterNames = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => (i === 0 ? "admin" : `cluster-${i}`));

/**
 * Starts independent control planes one after another (starting them together only makes each slower on small
 * machines). If one fails, those already started are stopped before the error is thrown.
 */
export async function startControlPlanes(options: StartOptions = {}): Promise<ControlPlanes> {
  const log = options.log ?? defaultLog;
  const names = options.names ?? defaultClusterNames(options.count ?? 1);
  if (names.length === 0) throw new Error("count must be at least 1");
  if (new Set(names).size !== names.length) throw new Error(`control plane names must be unique: ${names.join(", ")}`);
  const assets = options.assets ?? (await ensureAssets(log));
  const crds = options.crds === false ? [] : (options.crds ?? readCrdFiles());
  const ownsDir = options.dir === undefined;
  const dir = ownsDir ? mkdtempSync(join(tmpdir(), "fedplane-cp-")) : resolve(options.dir as string);
  mkdirSync(dir, { recursive: true });
  const forgetDir = ownsDir ? removeOnExit(dir) : () => {};

  const planes: ControlPlane[] = [];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await Promise.all(planes.map((plane) => plane.stop()));
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
      forgetDir();
    })());

  try {
    for (const name of names) {
      planes.push(await startControlPlane(name, dir, assets, crds, options.readyTimeoutMs ?? 180_000, log));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { dir, planes, admin: planes[0], workloads: planes.slice(1), stop };
}

const MAX_ATTEMPTS = 3;

async function startControlPlane(
  name: string,
  root: string,
  assets: ControlPlaneAssets,
  crds: readonly Manifest[],
  timeoutMs: number,
  log: (line: string) => void,
): Promise<ControlPlane> {
  const dir = join(root, name);
  const kubeconfigPath = join(root, `${name}.kubeconfig`);
  refuseIfRunning(dir);
  rmSync(dir, { recursive: true, force: true });
  rmSync(kubeconfigPath, { force: true });
  mkdirSync(dir, { recursive: true });
  log(`starting control plane ${name} (etcd + kube-apiserver) in ${dir}...`);

  const started = Date.now();
  const pki = await createPki(join(dir, "pki"), name);
  const pkiMs = Date.now() - started;
  for (let attempt = 1; ; attempt++) {
    try {
      const plane = await startProcesses({ name, dir, kubeconfigPath, assets, crds, timeoutMs, pki, started, pkiMs });
      log(`control plane ${name} ready in ${formatDuration(plane.startupMs)}: ${plane.server} (${plane.version}), RSS ${formatMiB(plane.rssBytes())}`);
      return plane;
    } catch (error) {
      if (!(error instanceof PortClash) || attempt === MAX_ATTEMPTS) throw error;
      log(`control plane ${name}: a port was taken meanwhile, retrying with other ports`);
    }
  }
}

class PortClash extends Error {}

interface PlaneSetup {
  readonly name: string;
  readonly dir: string;
  readonly kubeconfigPath: string;
  readonly assets: ControlPlaneAssets;
  readonly crds: readonly Manifest[];
  readonly timeoutMs: number;
  readonly pki: Pki;
  readonly started: number;
  readonly pkiMs: number;
}

async function startProcesses(setup: PlaneSetup): Promise<ControlPlane> {
  const { name, dir, pki, timeoutMs } = setup;
  const [clientPort, peerPort, securePort] = [await freePort(), await freePort(), await freePort()];
  const etcdEndpoint = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const server = `https://127.0.0.1:${securePort}`;
  const dataDir = join(dir, "etcd-data");
  rmSync(dataDir, { recursive: true, force: true });

  const processes: ManagedProcess[] = [];
  const recordPids = (): void => writeFileSync(join(dir, "pids.json"), JSON.stringify(processes.map((p) => p.pid)));
  const abortIfDead = (): string | undefined => {
    const dead = processes.find((p) => p.exit());
    const exit = dead?.exit();
    return dead && exit ? `${dead.name} exited (${exit.signal ?? `code ${exit.code}`})` : undefined;
  };
  let api: AdminApi | undefined;
  let mark = Date.now();
  const lap = (): number => {
    const now = Date.now();
    const ms = now - mark;
    mark = now;
    return ms;
  };

  try {
    const etcd = startProcess(`${name}/etcd`, setup.assets.etcd, [
      `--name=${name}`,
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${etcdEndpoint}`,
      `--advertise-client-urls=${etcdEndpoint}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=${name}=${peer}`,
      // Throwaway test data: durability buys nothing and fsync dominates etcd's latency on shared disks.
      "--unsafe-no-fsync",
    ], join(dir, "etcd.log"));
    processes.push(etcd);
    recordPids();
    await waitFor(`etcd of ${name} at ${etcdEndpoint}`, async () => (await fetch(`${etcdEndpoint}/health`)).ok, {
      timeoutMs,
      abort: abortIfDead,
    });
    const etcdMs = lap();

    const apiserver = startProcess(`${name}/kube-apiserver`, setup.assets.kubeApiserver, [
      `--etcd-servers=${etcdEndpoint}`,
      `--secure-port=${securePort}`,
      "--bind-address=127.0.0.1",
      "--advertise-address=127.0.0.1",
      `--cert-dir=${join(dir, "pki")}`,
      `--tls-cert-file=${pki.servingCert}`,
      `--tls-private-key-file=${pki.servingKey}`,
      `--client-ca-file=${pki.caCert}`,
      `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
      "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
      `--service-account-key-file=${pki.serviceAccountPublicKey}`,
      `--service-account-signing-key-file=${pki.serviceAccountKey}`,
      "--authorization-mode=RBAC",
      "--allow-privileged=true",
      // No kube-controller-manager runs, so no namespace gets its `default` ServiceAccount; as envtest does, do not
      // let the ServiceAccount admission plugin reject Pods for lacking it.
      "--disable-admission-plugins=ServiceAccount",
      "--profiling=false",
      // The `kubernetes` Service's endpoints cannot be a loopback address (the reconciler logs an error every 10 s),
      // and its lease clean-up stalls shutdown for as long as etcd is gone. Nothing here needs those endpoints.
      "--endpoint-reconciler-type=none",
    ], join(dir, "kube-apiserver.log"));
    processes.push(apiserver);
    recordPids();
    api = new AdminApi(server, pki);
    const admin = api;
    const waitOptions = { timeoutMs, abort: abortIfDead };
    await waitFor(`${server}/readyz of ${name}`, async () => (await admin.request("GET", "/readyz")).status === 200, waitOptions);
    await waitFor(
      `namespace "default" in ${name}`,
      async () => (await admin.request("GET", "/api/v1/namespaces/default")).status === 200,
      waitOptions,
    );
    const version = String(((await admin.request("GET", "/version")).body as { gitVersion?: string }).gitVersion);
    const apiserverMs = lap();
    await installCrds(admin, setup.crds, timeoutMs);
    const crdsMs = lap();
    writeKubeconfig(setup.kubeconfigPath, adminKubeconfig(name, server, pki));
    api.close();

    let stopping: Promise<void> | undefined;
    return {
      name,
      dir,
      kubeconfigPath: setup.kubeconfigPath,
      server,
      version,
      etcdEndpoint,
      startupMs: Date.now() - setup.started,
      phasesMs: { pki: setup.pkiMs, etcd: etcdMs, apiserver: apiserverMs, crds: crdsMs },
      logs: { etcd: etcd.logPath, kubeApiserver: apiserver.logPath },
      pids: processes.map((p) => p.pid),
      rssBytes: () => processes.reduce((sum, p) => sum + (p.rssBytes() ?? 0), 0),
      stop: () =>
        (stopping ??= (async () => {
          await stopAll(processes);
          for (const path of [dataDir, join(dir, "pki"), join(dir, "pids.json"), setup.kubeconfigPath]) {
            rmSync(path, { recursive: true, force: true });
          }
        })()),
    };
  } catch (error) {
    api?.close();
    await stopAll(processes);
    const tails = processes.map((p) => `--- last lines of ${p.logPath} ---\n${p.logTail()}`).join("\n");
    if (/address already in use/i.test(tails)) throw new PortClash(tails);
    throw new Error(`control plane ${name} failed to start: ${(error as Error).message}\n${tails}`);
  }
}

/**
 * The API server first, so its shutdown can still reach etcd; if etcd is already gone (e.g. Ctrl-C reached the whole
 * process group), a graceful shutdown can only stall, so the API server is killed at once.
 */
async function stopAll(processes: readonly ManagedProcess[]): Promise<void> {
  const [etcd, ...others] = processes;
  for (const process of others.reverse()) await process.stop(etcd?.exit() ? 0 : undefined);
  await etcd?.stop();
}

/** Starting over a running control plane would wipe its etcd data underneath it. */
function refuseIfRunning(dir: string): void {
  const pidsPath = join(dir, "pids.json");
  if (!existsSync(pidsPath)) return;
  const running = (JSON.parse(readFileSync(pidsPath, "utf8")) as number[]).filter((pid) => isAlive(pid) && startedFrom(pid, dir));
  if (running.length > 0) {
    throw new Error(
      `a control plane is still running from ${dir} (pids ${running.join(", ")}): stop it first ` +
        `(Ctrl-C in the terminal running it, or \`kill ${running.join(" ")}\`), or choose another --dir`,
    );
  }
}

function startedFrom(pid: number, dir: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dir);
  } catch {
    // No /proc (macOS): trust the pid.
    return process.platform !== "linux";
  }
}
